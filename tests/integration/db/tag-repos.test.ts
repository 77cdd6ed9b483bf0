/**
 * The corp tag mirror (Prisma) and relation tags with their history (plain SQL) against
 * real SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { SqlCustomerTagStore } from '../../../src/db/customer-tag-repo.ts';
import type { CorpTagGroup, TagChangeRecord } from '../../../src/domain/tags/tags.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const AT = new Date('2026-11-28T08:00:00.000Z');
const CUSTOMER = 'wmTagRepo0000000000000000000001';

const group = (groupId: string, name: string, tags: [string, string][]): CorpTagGroup => ({
  groupId,
  name,
  order: 1,
  tags: tags.map(([tagId, tagName], i) => ({ tagId, groupId, name: tagName, order: i })),
});

describe.each(PROVIDERS)('tag stores (%s)', (provider) => {
  let database: TestDatabase;
  let corpTags: PrismaCorpTagStore;
  let customerTags: SqlCustomerTagStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    corpTags = new PrismaCorpTagStore(database.db);
    customerTags = new SqlCustomerTagStore(database.connection.sql);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should mirror a sync, then mark tags and groups gone from WeCom deleted on the next one', async () => {
    await corpTags.replaceAll([group('g1', '来源', [['t1', '展会'], ['t2', '直播']]), group('g2', '偏好', [['t3', '燕窝']])], AT);
    expect(await corpTags.unknownTagIds(['t1', 't3', 'tX'])).toEqual(['tX']);

    await corpTags.replaceAll([group('g1', '来源渠道', [['t2', '直播']])], AT);

    expect(await corpTags.listGroups()).toEqual([group('g1', '来源渠道', [['t2', '直播']])].map((g) => ({ ...g, tags: [{ ...g.tags[0]!, order: 0 }] })));
    expect(await corpTags.unknownTagIds(['t1', 't2', 't3'])).toEqual(['t1', 't3']);
    expect(await database.db.corpTag.findUniqueOrThrow({ where: { tagId: 't1' } })).toMatchObject({ deleted: true, name: '展会' });
  });

  it('should add created tags to a group without touching its other tags', async () => {
    await corpTags.upsertGroup(group('g1', '来源渠道', [['t4', '门店']]), AT);
    const [source] = await corpTags.listGroups();
    expect(source?.tags.map((t) => t.tagId).sort()).toEqual(['t2', 't4']);
  });

  it('should set relation tags and keep one history row per operation, tag and action', async () => {
    await new SqlContactRepo(database.connection.sql).setRelationState('sales.li', CUSTOMER, { status: 'active', statusChangedAt: 1 });
    expect(await customerTags.tagsOf('sales.li', CUSTOMER)).toEqual([]);
    expect(await customerTags.tagsOf('sales.nobody', CUSTOMER)).toBeNull();
    const change = (tagId: string, action: 'add' | 'remove', at: number, operationId = 'op-1'): TagChangeRecord => ({
      operationId, userId: 'sales.li', externalUserId: CUSTOMER, tagId, action, cause: { kind: 'rule', ref: '12' }, at,
    });

    await customerTags.recordChange({ userId: 'sales.li', externalUserId: CUSTOMER, next: ['t2', 't4'], changes: [change('t2', 'add', 100), change('t4', 'add', 100)] });
    await customerTags.recordChange({ userId: 'sales.li', externalUserId: CUSTOMER, next: ['t2', 't4'], changes: [change('t2', 'add', 100)] });
    await customerTags.recordChange({
      userId: 'sales.li', externalUserId: CUSTOMER, next: ['t4'],
      changes: [{ ...change('t2', 'remove', 200, 'op-2'), cause: { kind: 'admin' } }],
    });

    expect(await customerTags.tagsOf('sales.li', CUSTOMER)).toEqual(['t4']);
    const history = await customerTags.history(CUSTOMER, 10);
    expect(history.map((c) => [c.operationId, c.tagId, c.action, c.cause, c.at])).toEqual([
      ['op-2', 't2', 'remove', { kind: 'admin' }, 200],
      ['op-1', 't4', 'add', { kind: 'rule', ref: '12' }, 100],
      ['op-1', 't2', 'add', { kind: 'rule', ref: '12' }, 100],
    ]);
  });
});
