/**
 * Custom-field conditions (domain/custom-fields) as SQL conditions on a customer id
 * column, the same text on SQLite and PostgreSQL with `?` placeholders. Each is
 * `<id> IN (SELECT … FROM "CustomerFieldValue" WHERE "fieldId" = … AND <test>)`: the
 * subquery is not correlated, so it runs once as a range on one of the
 * (fieldId, value, externalUserId) indexes — covering, no table rows read — and the
 * outer query probes the set (SQLite builds an ephemeral index, PostgreSQL a hashed
 * semi-join). The field's id comes from its key by one unique-index seek, so stored
 * segment definitions keep naming fields by key.
 */
import type { CustomFieldCondition } from '../domain/custom-fields/custom-field.ts';
import { likeContains } from './sql-like.ts';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function valueTest(condition: CustomFieldCondition): SqlCondition {
  switch (condition.op) {
    case 'equals':
      return { sql: `cf."textValue" = ?`, params: [condition.text] };
    case 'contains':
      // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
      return { sql: `lower(cf."textValue") LIKE lower(?) ESCAPE '\\'`, params: [likeContains(condition.text)] };
    case 'numberRange':
    case 'dateRange': {
      const [column, low, high] = condition.op === 'numberRange' ? ['numberValue', condition.min, condition.max] : ['dateValue', condition.from, condition.to];
      const parts = [...(low !== undefined ? [`cf."${column}" >= ?`] : []), ...(high !== undefined ? [`cf."${column}" <= ?`] : [])];
      // Never empty (the domain refuses open ranges), but NOT NULL keeps an empty one meaningful.
      return { sql: parts.length ? parts.join(' AND ') : `cf."${column}" IS NOT NULL`, params: [low, high].filter((v) => v !== undefined) };
    }
    case 'anyOf':
      return { sql: `cf."optionKey" IN (${placeholders(condition.options.length)})`, params: condition.options };
  }
}

/**
 * One SQL condition per custom-field condition (all must hold).
 * @param idColumn - the quoted customer id column of the outer query, e.g. `r."externalUserId"`
 */
export function customFieldConditions(conditions: readonly CustomFieldCondition[], idColumn: string): SqlCondition[] {
  return conditions.map((condition) => {
    const test = valueTest(condition);
    return {
      sql: `${idColumn} IN (SELECT cf."externalUserId" FROM "CustomerFieldValue" cf WHERE cf."fieldId" = (SELECT d."id" FROM "CustomFieldDefinition" d WHERE d."key" = ?) AND ${test.sql})`,
      params: [condition.field, ...test.params],
    };
  });
}
