/** The segment editor's mapping between its flat form values and the API's nested definition. */
import { describe, expect, it } from 'vitest';
import { definitionOf } from '../../../sidebar/src/admin/segment-definition.ts';

describe('definitionOf', () => {
  it('should leave blank filters out, so an empty form is every served customer', () => {
    expect(definitionOf({ name: 'x', tagIds: [], tagMatch: 'any', stages: [], layers: [], highValue: '', channels: [], userIds: [], lastContactNever: false, lastOrderNever: false })).toEqual({});
  });

  it('should nest ranges and tags, keeping zero as a bound and a range that only includes "never"', () => {
    expect(
      definitionOf({
        tagIds: ['etA', 'etB'],
        tagMatch: 'all',
        stages: ['lapsed'],
        highValue: 'false',
        lastContactMin: 30,
        lastContactNever: true,
        lastOrderNever: true,
        spendMin: 0,
        spendMax: 5000,
        annualSpendMax: 1000,
      }),
    ).toEqual({
      tags: { match: 'all', tagIds: ['etA', 'etB'] },
      stages: ['lapsed'],
      highValue: false,
      lastContact: { minDays: 30, includeNever: true },
      lastOrder: { includeNever: true },
      spend: { min: 0, max: 5000 },
      annualSpend: { max: 1000 },
    });
  });
});
