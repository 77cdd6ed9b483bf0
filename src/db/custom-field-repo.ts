/**
 * Custom field definitions and values in plain SQL (one schema for SQLite and PostgreSQL).
 * A value sits in the column of its field's type; a multi-choice value is one row per
 * selected option key, so "has any of these options" is an index range on
 * (fieldId, optionKey) like every other filter (see custom-field-filters.ts).
 */
import {
  byPosition,
  CUSTOM_FIELD_TYPES,
  isChoice,
  type CustomField,
  type CustomFieldChanges,
  type CustomFieldOption,
  type CustomFieldRepo,
  type CustomFieldType,
  type CustomFieldValue,
  type CustomFieldValueStore,
  type NewCustomField,
} from '../domain/custom-fields/custom-field.ts';
import { ConflictError } from '../shared/errors.ts';
import { booleanColumn, booleanParam, jsonArray } from './column-values.ts';
import { placeholders, type SqlClient } from './sql-client.ts';

const FIELD_COLUMNS = `"id", "key", "label", "type", "options", "required", "position", "archived"`;

type Row = Record<string, unknown>;

function toField(row: Row): CustomField {
  const type = String(row.type) as CustomFieldType;
  return {
    id: Number(row.id),
    key: String(row.key),
    label: String(row.label),
    type: CUSTOM_FIELD_TYPES.includes(type) ? type : 'text',
    options: jsonArray<CustomFieldOption>(String(row.options)).filter((o) => typeof o?.key === 'string' && typeof o.label === 'string'),
    required: booleanColumn(row.required),
    position: Number(row.position),
    archived: booleanColumn(row.archived),
  };
}

/** SQLite and PostgreSQL name a unique-key violation differently. */
const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};


export class SqlCustomFieldRepo implements CustomFieldRepo {
  constructor(private readonly sql: SqlClient) {}

  async list(): Promise<CustomField[]> {
    return (await this.sql.query(`SELECT ${FIELD_COLUMNS} FROM "CustomFieldDefinition"`)).map(toField).sort(byPosition);
  }

  async get(id: number): Promise<CustomField | null> {
    const [row] = await this.sql.query(`SELECT ${FIELD_COLUMNS} FROM "CustomFieldDefinition" WHERE "id" = ?`, [id]);
    return row ? toField(row) : null;
  }

  async create(field: NewCustomField): Promise<CustomField> {
    const now = this.sql.toDbTime(new Date());
    const bool = (value: boolean) => booleanParam(this.sql.dialect, value);
    try {
      const [row] = await this.sql.query(
        `INSERT INTO "CustomFieldDefinition" ("key", "label", "type", "options", "required", "position", "archived", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${FIELD_COLUMNS}`,
        [field.key, field.label, field.type, JSON.stringify(field.options), bool(field.required), field.position, bool(field.archived), now, now],
      );
      return toField(row!);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`key: a field with key ${field.key} already exists`, 'custom_field_exists', error);
      throw error;
    }
  }

  async update(id: number, changes: CustomFieldChanges): Promise<CustomField | null> {
    const current = await this.get(id);
    if (!current) return null;
    const next = { ...current, ...changes };
    const bool = (value: boolean) => booleanParam(this.sql.dialect, value);
    const [row] = await this.sql.query(
      `UPDATE "CustomFieldDefinition" SET "label" = ?, "options" = ?, "required" = ?, "position" = ?, "archived" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${FIELD_COLUMNS}`,
      [next.label, JSON.stringify(next.options), bool(next.required), next.position, bool(next.archived), this.sql.toDbTime(new Date()), id],
    );
    return row ? toField(row) : null;
  }

  async remove(id: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.execute(`DELETE FROM "CustomerFieldValue" WHERE "fieldId" = ?`, [id]);
      return (await tx.execute(`DELETE FROM "CustomFieldDefinition" WHERE "id" = ?`, [id])) > 0;
    });
  }

  async optionUse(fieldId: number, optionKeys: readonly string[]): Promise<Map<string, number>> {
    if (optionKeys.length === 0) return new Map();
    const rows = await this.sql.query<{ optionKey: string; n: number | string }>(
      `SELECT "optionKey", COUNT(*) AS "n" FROM "CustomerFieldValue" WHERE "fieldId" = ? AND "optionKey" IN (${placeholders(optionKeys.length)}) GROUP BY "optionKey"`,
      [fieldId, ...optionKeys],
    );
    return new Map(rows.map((row) => [row.optionKey, Number(row.n)]));
  }
}

interface ValueRow extends Row {
  fieldId: number | string;
  optionKey: string;
  textValue: string | null;
  numberValue: number | string | null;
  dateValue: string | null;
}

/** The rows one value is stored as: [optionKey, text, number, date]. */
function rowsOf(field: CustomField, value: CustomFieldValue): [string, string | null, number | null, string | null][] {
  if (isChoice(field.type)) return (Array.isArray(value) ? value : [String(value)]).map((key) => [key, null, null, null]);
  if (field.type === 'number') return [['', null, Number(value), null]];
  if (field.type === 'date') return [['', null, null, String(value)]];
  return [['', String(value), null, null]];
}

export class SqlCustomFieldValueStore implements CustomFieldValueStore {
  constructor(private readonly sql: SqlClient) {}

  async valuesOf(externalUserId: string, fields: readonly CustomField[]): Promise<Map<number, CustomFieldValue>> {
    const byId = new Map(fields.map((f) => [f.id, f]));
    const rows = await this.sql.query<ValueRow>(
      `SELECT "fieldId", "optionKey", "textValue", "numberValue", "dateValue" FROM "CustomerFieldValue" WHERE "externalUserId" = ? ORDER BY "fieldId", "id"`,
      [externalUserId],
    );
    const values = new Map<number, CustomFieldValue>();
    for (const row of rows) {
      const field = byId.get(Number(row.fieldId));
      if (!field) continue;
      if (field.type === 'multi') {
        // In the field's option order, whatever order they were stored in.
        const held = [...((values.get(field.id) as string[] | undefined) ?? []), row.optionKey];
        values.set(field.id, field.options.map((o) => o.key).filter((key) => held.includes(key)));
      } else if (field.type === 'single') values.set(field.id, row.optionKey);
      else if (field.type === 'number' && row.numberValue !== null) values.set(field.id, Number(row.numberValue));
      else if (field.type === 'date' && row.dateValue !== null) values.set(field.id, row.dateValue);
      else if (field.type === 'text' && row.textValue !== null) values.set(field.id, row.textValue);
    }
    return values;
  }

  async save(externalUserId: string, values: readonly { field: CustomField; value: CustomFieldValue | null }[], by: string, at: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      // One save per customer at a time, so concurrent saves end as one of them, never a
      // mix of two multi-choice selections. SQLite's write transaction already serialises.
      if (tx.dialect === 'postgresql') await tx.query(`SELECT pg_advisory_xact_lock(hashtext(?)) AS "locked"`, [`custom-fields:${externalUserId}`]);
      for (const { field, value } of values) {
        await tx.execute(`DELETE FROM "CustomerFieldValue" WHERE "externalUserId" = ? AND "fieldId" = ?`, [externalUserId, field.id]);
        if (value === null) continue;
        for (const [optionKey, text, number, date] of rowsOf(field, value)) {
          await tx.execute(
            `INSERT INTO "CustomerFieldValue" ("externalUserId", "fieldId", "optionKey", "textValue", "numberValue", "dateValue", "updatedBy", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [externalUserId, field.id, optionKey, text, number, date, by, at],
          );
        }
      }
    });
  }
}
