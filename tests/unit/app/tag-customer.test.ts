import { describe, expect, it } from 'vitest';
import { changeCustomerTags, type CustomerTagChange } from '../../../src/app/tag-customer.ts';
import type { CorpTagStore } from '../../../src/domain/ports.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { InMemoryContactRepo } from '../../helpers/fakes.ts';

const CUSTOMER = 'wmTagCustomer0001';
const NOW = new Date('2024-06-01T00:00:00Z');

async function world(options: { failWecom?: boolean; knownTags?: string[] } = {}) {
  const repo = new InMemoryContactRepo();
  await repo.setRelationState('sales.li', CUSTOMER, { status: 'active', statusChangedAt: 1 });
  await repo.recordChange({ userId: 'sales.li', externalUserId: CUSTOMER, next: ['etOld'], changes: [] });
  const calls: unknown[] = [];
  const corpTags: CorpTagStore | undefined = options.knownTags && {
    replaceAll: async () => {},
    upsertGroup: async () => {},
    listGroups: async () => [],
    unknownTagIds: async (ids) => ids.filter((id) => !options.knownTags?.includes(id)),
  };
  const deps = {
    tags: {
      markTags: async (input: unknown) => {
        calls.push(input);
        if (options.failWecom) throw new Error('wecom down');
      },
    },
    customerTags: repo,
    clock: fixedClock(NOW),
    ...(corpTags ? { corpTags } : {}),
  };
  return { repo, calls, deps };
}

const change = (overrides: Partial<CustomerTagChange> = {}): CustomerTagChange => ({
  userId: 'sales.li',
  externalUserId: CUSTOMER,
  add: ['etNew'],
  remove: ['etOld'],
  cause: { kind: 'salesperson', ref: 'sales.li' },
  operationId: 'req-1',
  ...overrides,
});

describe('changeCustomerTags()', () => {
  it('should call mark_tag with the real changes, then store the tags and one history row per change', async () => {
    const { repo, calls, deps } = await world();
    const result = await changeCustomerTags(deps, change({ add: ['etNew', 'etNew'], remove: ['etOld', 'etAbsent'] }));
    expect(result).toEqual({ add: ['etNew'], remove: ['etOld'], tagIds: ['etNew'] });
    expect(calls).toEqual([{ userId: 'sales.li', externalUserId: CUSTOMER, add: ['etNew'], remove: ['etOld'] }]);
    expect(await repo.tagsOf('sales.li', CUSTOMER)).toEqual(['etNew']);
    expect(await repo.history(CUSTOMER, 10)).toEqual([
      { operationId: 'req-1', userId: 'sales.li', externalUserId: CUSTOMER, tagId: 'etOld', action: 'remove', cause: { kind: 'salesperson', ref: 'sales.li' }, at: NOW.getTime() / 1000 },
      { operationId: 'req-1', userId: 'sales.li', externalUserId: CUSTOMER, tagId: 'etNew', action: 'add', cause: { kind: 'salesperson', ref: 'sales.li' }, at: NOW.getTime() / 1000 },
    ]);
  });

  it('should call nothing and record nothing when the relation already has the edit', async () => {
    const { repo, calls, deps } = await world();
    const result = await changeCustomerTags(deps, change({ add: ['etOld'], remove: ['etAbsent'] }));
    expect(result).toEqual({ add: [], remove: [], tagIds: ['etOld'] });
    expect(calls).toEqual([]);
    expect(await repo.history(CUSTOMER, 10)).toEqual([]);
  });

  it('should leave tags and history untouched when mark_tag fails', async () => {
    const { repo, deps } = await world({ failWecom: true });
    await expect(changeCustomerTags(deps, change())).rejects.toThrow('wecom down');
    expect(await repo.tagsOf('sales.li', CUSTOMER)).toEqual(['etOld']);
    expect(await repo.history(CUSTOMER, 10)).toEqual([]);
  });

  it.each([
    ['a tag both added and removed', change({ add: ['etNew'], remove: ['etNew'] }), 'etNew'],
    ['a tag that is not a synced corp tag', change({ add: ['etUnknown'] }), 'etUnknown'],
  ])('should refuse %s before calling WeCom', async (_name, input, named) => {
    const { calls, deps } = await world({ knownTags: ['etNew', 'etOld'] });
    const error = await changeCustomerTags(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(named);
    expect(calls).toEqual([]);
  });
});
