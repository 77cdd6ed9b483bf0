/**
 * SqlSegmentQueries and SqlRecallStore against real SQLite and PostgreSQL: every filter at
 * its edges (days both included, yuan min included and max excluded), customers without
 * orders, stage or messages, several salespeople per customer, paging, and the recall
 * rate's window (a reply at the window's last second counts, one a second later does not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlRecallStore } from '../../../src/db/recall-repo.ts';
import { SqlSegmentQueries } from '../../../src/db/segment-queries.ts';
import type { SegmentDefinition } from '../../../src/domain/segments/segment.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;

/**
 * wmA li (tags etVip+etNew, ch-live): lapsed, 6,000 yuan (1:1-only), last order 100 days, wrote 30 days ago.
 * wmB li (etVip) and wang (etX): declining, exactly 1,000 yuan (mid), ordered and wrote 29 days ago.
 * wmC wang: lapsed, no orders, never wrote. wmD zhao: removed by the customer (never a member).
 * wmE li: new, 4,999.99 yuan, last order 90 days, wrote 91 days ago. wmF li (etvip, lower case): stable, nothing else.
 */
async function seed(db: TestDatabase['db']): Promise<void> {
  const relation = (userId: string, externalUserId: string, extra: { tagIds?: string[]; state?: string; status?: string } = {}) =>
    db.followRelation.create({
      data: { userId, externalUserId, status: extra.status ?? 'active', statusChangedAt: NOW - 400 * DAY, addedAt: NOW - 400 * DAY, tagIds: JSON.stringify(extra.tagIds ?? []), state: extra.state ?? null },
    });
  await relation('li', 'wmA', { tagIds: ['etVip', 'etNew'], state: 'ch-live' });
  await relation('li', 'wmB', { tagIds: ['etVip'] });
  await relation('wang', 'wmB', { tagIds: ['etX'] });
  await relation('wang', 'wmC');
  await relation('zhao', 'wmD', { status: 'removed_by_customer', tagIds: ['etVip'] });
  await relation('li', 'wmE');
  await relation('li', 'wmF', { tagIds: ['etvip'] });
  for (const [externalUserId, name] of [['wmA', '=cmd|calc'], ['wmB', '王, 小"明"']]) {
    await db.customer.create({ data: { externalUserId: externalUserId!, name: name!, type: 1, fetchedAt: new Date() } });
  }
  const value = (externalUserId: string, totalSpendFen: number, lastOrderAt: number, valueLayer: string, highValue = false) =>
    db.customerValue.create({ data: { externalUserId, totalSpendFen, annualSpendFen: totalSpendFen, orderCount: 1, firstOrderAt: lastOrderAt, lastOrderAt, valueLayer, highValue } });
  await value('wmA', 600_000, NOW - 100 * DAY, 'low', true);
  await value('wmB', 100_000, NOW - 30 * DAY + 1, 'mid');
  await value('wmE', 499_999, NOW - 91 * DAY + 1, 'low');
  for (const [externalUserId, stage] of [['wmA', 'lapsed'], ['wmB', 'declining'], ['wmC', 'lapsed'], ['wmD', 'lapsed'], ['wmE', 'new'], ['wmF', 'stable']]) {
    await db.customerLifecycle.create({ data: { externalUserId: externalUserId!, stage: stage!, since: NOW - DAY } });
  }
  let n = 0;
  const message = (externalUserId: string, direction: string, sentAt: number) =>
    db.chatMessage.create({ data: { messageKey: `archive:s${++n}`, source: 'archive', externalUserId, direction, msgType: 'text', text: '…', sentAt } });
  await message('wmA', 'in', NOW - 30 * DAY);
  // An outbound message is no contact from the customer.
  await message('wmA', 'out', NOW - DAY);
  await message('wmB', 'in', NOW - 30 * DAY + 1);
  await message('wmE', 'in', NOW - 91 * DAY);
}

describe.each(PROVIDERS)('SqlSegmentQueries (%s)', (provider) => {
  let database: TestDatabase;
  let queries: SqlSegmentQueries;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    queries = new SqlSegmentQueries(database.connection.sql);
    await seed(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Member ids, checked against the count so both queries agree. */
  async function ids(definition: SegmentDefinition): Promise<string[]> {
    const members = await queries.members(definition, NOW, { limit: 100 });
    expect(await queries.count(definition, NOW)).toBe(members.length);
    return members.map((m) => m.externalUserId);
  }

  it('should list every customer with an active relation, with all matching salespeople and defaults for missing rows', async () => {
    const members = await queries.members({}, NOW, { limit: 100 });
    expect(members.map((m) => m.externalUserId)).toEqual(['wmA', 'wmB', 'wmC', 'wmE', 'wmF']);
    expect(members[0]).toEqual({ externalUserId: 'wmA', name: '=cmd|calc', userIds: ['li'], stage: 'lapsed', layer: 'low', totalSpendFen: 600_000, highValue: true });
    expect(members[1]).toMatchObject({ userIds: ['li', 'wang'], layer: 'mid', totalSpendFen: 100_000, highValue: false });
    expect(members[2]).toEqual({ externalUserId: 'wmC', name: null, userIds: ['wang'], stage: 'lapsed', layer: 'low', totalSpendFen: 0, highValue: false });
    expect(await queries.count({}, NOW)).toBe(5);
  });

  it('should page by externalUserId without splitting a customer\'s salespeople', async () => {
    const first = await queries.members({}, NOW, { limit: 2 });
    expect(first.map((m) => [m.externalUserId, m.userIds])).toEqual([['wmA', ['li']], ['wmB', ['li', 'wang']]]);
    expect((await queries.members({}, NOW, { after: 'wmB', limit: 2 })).map((m) => m.externalUserId)).toEqual(['wmC', 'wmE']);
    expect(await queries.members({}, NOW, { after: 'wmF', limit: 2 })).toEqual([]);
  });

  it('should count whole days since the last inbound message, both bounds included', async () => {
    expect(await ids({ lastContact: { minDays: 30 } })).toEqual(['wmA', 'wmE']);
    expect(await ids({ lastContact: { minDays: 30, maxDays: 30 } })).toEqual(['wmA']);
    expect(await ids({ lastContact: { maxDays: 90 } })).toEqual(['wmA', 'wmB']);
    expect(await ids({ lastContact: { maxDays: 29 } })).toEqual(['wmB']);
    expect(await ids({ lastContact: { minDays: 30, includeNever: true } })).toEqual(['wmA', 'wmC', 'wmE', 'wmF']);
  });

  it('should count whole days since the last order, customers without orders only with includeNever', async () => {
    expect(await ids({ lastOrder: { maxDays: 90 } })).toEqual(['wmB', 'wmE']);
    expect(await ids({ lastOrder: { minDays: 91 } })).toEqual(['wmA']);
    expect(await ids({ lastOrder: { minDays: 91, includeNever: true } })).toEqual(['wmA', 'wmC', 'wmF']);
  });

  it('should include the spend minimum and exclude the maximum, counting no orders as 0 yuan', async () => {
    expect(await ids({ spend: { min: 1000, max: 5000 } })).toEqual(['wmB', 'wmE']);
    expect(await ids({ spend: { max: 1000 } })).toEqual(['wmC', 'wmF']);
    expect(await ids({ spend: { min: 4999.99 } })).toEqual(['wmA', 'wmE']);
    expect(await ids({ annualSpend: { min: 5000 } })).toEqual(['wmA']);
  });

  it('should match tags on the serving relation, exactly and case-sensitively, any or all', async () => {
    expect(await ids({ tags: { match: 'any', tagIds: ['etVip'] } })).toEqual(['wmA', 'wmB']);
    expect(await ids({ tags: { match: 'all', tagIds: ['etVip', 'etNew'] } })).toEqual(['wmA']);
    expect(await ids({ tags: { match: 'any', tagIds: ['etNew', 'etX'] } })).toEqual(['wmA', 'wmB']);
    // Only wang's relation carries etX: li is not a matching salesperson of wmB there.
    expect((await queries.members({ tags: { match: 'any', tagIds: ['etX'] } }, NOW, { limit: 10 }))[0]?.userIds).toEqual(['wang']);
    expect(await ids({ tags: { match: 'any', tagIds: ['etVi'] } })).toEqual([]);
  });

  it('should answer a recall count\'s relation probe from the covering index on SQLite, which PostgreSQL does not get', async () => {
    const { sql } = database.connection;
    const index = 'FollowRelation_externalUserId_status_tagIds_idx';
    if (provider === 'sqlite') {
      const plan = await sql.query<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT 1 FROM "FollowRelation" r WHERE r."externalUserId" = ? AND r."status" = 'active' AND r."tagIds" LIKE ?`,
        ['wmA', '%"etVip"%'],
      );
      expect(plan.map((row) => row.detail).join('\n')).toContain(`COVERING INDEX ${index}`);
    } else {
      // An unbounded text column in a btree would refuse a relation with many tags (entries stop at ~2.7 KB).
      const rows = await sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'FollowRelation'`, []);
      expect(rows.map((row) => row.indexname)).toContain('FollowRelation_externalUserId_idx');
      expect(rows.map((row) => row.indexname)).not.toContain(index);
    }
  });

  it('should filter by stage, layer (no orders is low), high value, channel and salesperson', async () => {
    expect(await ids({ stages: ['lapsed'] })).toEqual(['wmA', 'wmC']);
    expect(await ids({ layers: ['low'] })).toEqual(['wmA', 'wmC', 'wmE', 'wmF']);
    expect(await ids({ layers: ['mid', 'high'] })).toEqual(['wmB']);
    expect(await ids({ highValue: true })).toEqual(['wmA']);
    expect(await ids({ highValue: false })).toEqual(['wmB', 'wmC', 'wmE', 'wmF']);
    expect(await ids({ channels: ['ch-live'] })).toEqual(['wmA']);
    expect(await ids({ userIds: ['wang'] })).toEqual(['wmB', 'wmC']);
    expect(await ids({ stages: ['lapsed', 'declining'], highValue: false, lastContact: { minDays: 20, includeNever: true } })).toEqual(['wmB', 'wmC']);
  });
});

describe.each(PROVIDERS)('SqlRecallStore (%s)', (provider) => {
  let database: TestDatabase;
  let store: SqlRecallStore;
  const WINDOW = 7 * DAY;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = new SqlRecallStore(database.connection.sql);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should remember recipients for the cap, record fail_list and move only pending recipients forward', async () => {
    const recall = await store.create({ segmentId: 1, definition: { stages: ['lapsed'] }, text: '好久不见', attachments: [], frequencyCapDays: 7, windowDays: 7, createdAt: NOW });
    expect(await store.get(recall.id)).toEqual(recall);
    await store.addRecipients(recall.id, [
      { externalUserId: 'wm1', userId: 'li', channel: 'mass', status: 'pending' },
      { externalUserId: 'wm2', userId: 'li', channel: 'mass', status: 'pending' },
      { externalUserId: 'wm3', userId: 'li', channel: 'task', status: 'task' },
    ], NOW);
    await store.recordMessage(recall.id, { userId: 'li', externalUserIds: ['wm1', 'wm2'], msgid: 'msgA', errcode: 0, failList: ['wm2'] });
    // wm2 failed, so a later recall may try again; the task counts as a contact.
    expect([...(await store.contactedSince(['wm1', 'wm2', 'wm3', 'wm4'], NOW))].sort()).toEqual(['wm1', 'wm3']);
    expect(await store.contactedSince(['wm1'], NOW + 1)).toEqual(new Set());

    const [message] = await store.unsettledMessages({ recallId: recall.id });
    expect(message).toEqual({ id: expect.any(Number), recallId: recall.id, userId: 'li', msgid: 'msgA' });
    expect(await store.applyResults(message!, [{ externalUserId: 'wm1', status: 'sent', sentAt: NOW + 60 }, { externalUserId: 'wm2', status: 'sent' }], true, NOW + 120)).toBe(1);
    expect(await store.unsettledMessages({ since: 0 })).toEqual([]);
    expect((await store.get(recall.id))?.checkedAt).toBe(NOW + 120);
    expect(await store.counts(recall.id, WINDOW)).toEqual(
      expect.arrayContaining([
        { channel: 'mass', status: 'sent', recipients: 1, recalled: 0 },
        { channel: 'mass', status: 'failed', recipients: 1, recalled: 0 },
        { channel: 'task', status: 'task', recipients: 1, recalled: 0 },
      ]),
    );
  });

  it('should count a reply or order within the window after the send as recalled, and nothing before or after it', async () => {
    const recall = await store.create({ segmentId: 1, definition: {}, text: 'x', attachments: [], frequencyCapDays: 0, windowDays: 7, createdAt: NOW });
    const SENT = NOW + 3600;
    const customers = ['wmR1', 'wmR2', 'wmR3', 'wmR4', 'wmR5'];
    await store.addRecipients(recall.id, customers.map((externalUserId) => ({ externalUserId, userId: 'li', channel: 'mass' as const, status: 'pending' as const })), NOW);
    await store.addRecipients(recall.id, [{ externalUserId: 'wmT1', userId: 'li', channel: 'task', status: 'task' }], NOW);
    await store.recordMessage(recall.id, { userId: 'li', externalUserIds: customers, msgid: 'msgR', errcode: 0, failList: [] });
    const [message] = await store.unsettledMessages({ recallId: recall.id });
    await store.applyResults(message!, customers.slice(0, 4).map((externalUserId) => ({ externalUserId, status: 'sent' as const, sentAt: SENT })), false, SENT);
    let n = 0;
    const inbound = (externalUserId: string, sentAt: number, direction = 'in') =>
      database.db.chatMessage.create({ data: { messageKey: `kf:r${++n}`, source: 'kf', externalUserId, direction, msgType: 'text', text: '在', sentAt } });
    await inbound('wmR1', SENT + WINDOW); // the window's last second: recalled
    await inbound('wmR2', SENT + WINDOW + 1); // a second late
    await inbound('wmR2', SENT - 1); // before the send
    await inbound('wmR3', SENT + 10, 'out'); // our own message
    await database.db.customerOrder.create({ data: { orderId: 'oR4', externalUserId: 'wmR4', amountFen: 100, orderedAt: SENT + DAY } });
    await inbound('wmR5', SENT + 10); // still pending: not counted
    await inbound('wmT1', NOW + DAY); // the 1:1 task's customer, after the task
    const counts = await store.counts(recall.id, WINDOW);
    expect(counts).toEqual(
      expect.arrayContaining([
        { channel: 'mass', status: 'sent', recipients: 4, recalled: 2 },
        { channel: 'mass', status: 'pending', recipients: 1, recalled: 0 },
        { channel: 'task', status: 'task', recipients: 1, recalled: 1 },
      ]),
    );
    expect(counts).toHaveLength(3);
  });
});
