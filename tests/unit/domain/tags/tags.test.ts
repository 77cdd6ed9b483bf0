import { describe, expect, it } from 'vitest';
import { conflictingTags, diffTags, planTagEdit, tagChangeRecords } from '../../../../src/domain/tags/tags.ts';

describe('planTagEdit()', () => {
  it('should add only missing tags and remove only present ones, keeping the order of the rest', () => {
    expect(planTagEdit(['a', 'b', 'c'], { add: ['c', 'd', 'd'], remove: ['a', 'x'] })).toEqual({ add: ['d'], remove: ['a'], next: ['b', 'c', 'd'] });
  });

  it('should plan nothing when the relation already matches the edit', () => {
    expect(planTagEdit(['a'], { add: ['a'], remove: ['b'] })).toEqual({ add: [], remove: [], next: ['a'] });
  });
});

describe('diffTags()', () => {
  it('should name the tags added and removed between two sets', () => {
    expect(diffTags(['a', 'b'], ['b', 'c'])).toEqual({ add: ['c'], remove: ['a'] });
    expect(diffTags(['a'], ['a'])).toEqual({ add: [], remove: [] });
  });
});

describe('conflictingTags()', () => {
  it('should name tags both added and removed, once each', () => {
    expect(conflictingTags({ add: ['a', 'b', 'a'], remove: ['a', 'c'] })).toEqual(['a']);
    expect(conflictingTags({ add: ['a'], remove: ['b'] })).toEqual([]);
  });
});

describe('tagChangeRecords()', () => {
  it('should make one history row per tag and action with the shared cause', () => {
    const base = { operationId: 'op', userId: 'u', externalUserId: 'e', cause: { kind: 'rule' as const, ref: '7' }, at: 100 };
    expect(tagChangeRecords(base, { add: ['a'], remove: ['b'] })).toEqual([
      { ...base, tagId: 'a', action: 'add' },
      { ...base, tagId: 'b', action: 'remove' },
    ]);
  });
});
