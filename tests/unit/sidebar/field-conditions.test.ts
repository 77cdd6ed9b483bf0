/** The console's custom-field filter inputs ↔ the API's conditions (customer list and segment editor). */
import { describe, expect, it } from 'vitest';
import { conditionsOf, valuesOfConditions, type CustomFieldDefinition, type FieldCondition } from '../../../sidebar/src/admin/field-conditions.ts';

const field = (key: string, type: CustomFieldDefinition['type'], options: string[] = []): CustomFieldDefinition => ({
  id: 1,
  key,
  label: key,
  type,
  options: options.map((o) => ({ key: o, label: o.toUpperCase() })),
  required: false,
  position: 0,
  archived: false,
});

const FIXTURE_FIELDS = [field('shop', 'text'), field('budget', 'number'), field('since', 'date'), field('tier', 'single', ['o1', 'o2']), field('likes', 'multi', ['a', 'b'])];

describe('conditionsOf', () => {
  it('should leave blank inputs out, so an empty form filters on no field', () => {
    expect(conditionsOf({ cf_shop: '  ', cf_budget_min: undefined, cf_since_from: '', cf_tier: [], cf_likes: [] }, FIXTURE_FIELDS)).toEqual([]);
  });

  it('should build one condition per filled field, keeping zero as a bound and one-sided ranges', () => {
    expect(
      conditionsOf({ cf_shop: ' 万象城 ', cf_shop_exact: true, cf_budget_min: 0, cf_since_to: '2024-12-31', cf_likes: ['b'] }, FIXTURE_FIELDS),
    ).toEqual([
      { field: 'shop', op: 'equals', text: '万象城' },
      { field: 'budget', op: 'numberRange', min: 0 },
      { field: 'since', op: 'dateRange', to: '2024-12-31' },
      { field: 'likes', op: 'anyOf', options: ['b'] },
    ]);
  });
});

describe('valuesOfConditions', () => {
  it('should give back the inputs that build the same conditions, dropping fields no longer defined', () => {
    const conditions: FieldCondition[] = [
      { field: 'shop', op: 'contains', text: 'vip' },
      { field: 'budget', op: 'numberRange', min: 10, max: 20 },
      { field: 'tier', op: 'anyOf', options: ['o2'] },
      { field: 'gone', op: 'anyOf', options: ['x'] },
    ];
    const values = valuesOfConditions(conditions, FIXTURE_FIELDS);
    expect(values).toEqual({ cf_shop: 'vip', cf_shop_exact: false, cf_budget_min: 10, cf_budget_max: 20, cf_tier: ['o2'] });
    expect(conditionsOf(values, FIXTURE_FIELDS)).toEqual(conditions.slice(0, 3));
  });
});
