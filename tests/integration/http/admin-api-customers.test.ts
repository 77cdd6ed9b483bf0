/**
 * /api/admin/customers through the real Koa app and PrismaCustomerQueries on SQLite and
 * PostgreSQL: the profile with followers and masked welcome sends, 404 for unknown ids,
 * and the list's filters (tag, salesperson, channel, added range) and cursor pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ADMIN_TOKEN, startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const CUSTOMERS = '/api/admin/customers';
/** 2024-06-01 12:00 China time. */
const JUNE_1 = 1717214400;
const DAY = 86_400;
const FIXTURE_WELCOME_CODE = 'CALLBACK_WELCOME_CODE_0001wxyz';

interface ListBody {
  items: { externalUserId: string; name: string | null; followers: { userId: string; tagIds: string[] }[] }[];
  nextCursor: string | null;
}

/**
 * wmA: details + sales.li (expo, June 1, tags A,B) + sales.wang (web, June 20, tag C) + a welcome send.
 * wmB: relation only (sales.li, web, June 10, tag "et%B_1"). wmC: details only. wmD: sales.wang, expo, May 20.
 */
async function seed(db: TestDatabase['db']): Promise<void> {
  const fetchedAt = new Date('2024-06-01T04:00:00.000Z');
  const relation = (externalUserId: string, userId: string, state: string, addedAt: number, tagIds: string[], remark: string | null = null) =>
    db.followRelation.create({
      data: { externalUserId, userId, status: 'active', statusChangedAt: addedAt, state, addedAt, tagIds: JSON.stringify(tagIds), remark, addWay: 1 },
    });
  await db.customer.create({ data: { externalUserId: 'wmA', name: '张三', avatar: 'https://wework.qpic.cn/a.png', type: 1, gender: 2, corpName: '腾讯', fetchedAt } });
  await db.customer.create({ data: { externalUserId: 'wmC', name: '李四', type: 2, fetchedAt } });
  await relation('wmA', 'sales.li', 'expo', JUNE_1, ['etTagA', 'etTagB'], 'Ms Zhang');
  await relation('wmA', 'sales.wang', 'web', JUNE_1 + 19 * DAY, ['etTagC']);
  await relation('wmB', 'sales.li', 'web', JUNE_1 + 9 * DAY, ['et%B_1']);
  await relation('wmD', 'sales.wang', 'expo', JUNE_1 - 12 * DAY, ['etTagA']);
  await db.welcomeSend.create({
    data: { welcomeCode: FIXTURE_WELCOME_CODE, userId: 'sales.li', externalUserId: 'wmA', flowId: 3, result: 'sent', eventTime: JUNE_1, latencyMs: 140 },
  });
}

describe.each(PROVIDERS)('admin API customers (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;

  const list = async (query: string): Promise<ListBody> => {
    const response = await app.request('GET', `${CUSTOMERS}?${query}`);
    expect(response.status, query).toBe(200);
    return (await response.json()) as ListBody;
  };
  const ids = async (query: string) => (await list(query)).items.map((item) => item.externalUserId);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await seed(database.db);
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describe('GET /api/admin/customers/:externalUserId', () => {
    it('should answer 200 with details, followers and masked welcome sends when the customer is known', async () => {
      const response = await app.request('GET', `${CUSTOMERS}/wmA`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(FIXTURE_WELCOME_CODE);
      expect(JSON.parse(text)).toEqual({
        externalUserId: 'wmA',
        name: '张三',
        avatar: 'https://wework.qpic.cn/a.png',
        type: 1,
        gender: 2,
        corpName: '腾讯',
        corpFullName: null,
        position: null,
        unionId: null,
        detailsFetchedAt: 1717214400,
        followers: [
          { userId: 'sales.li', status: 'active', remark: 'Ms Zhang', description: null, state: 'expo', addWay: 1, addedAt: JUNE_1, tagIds: ['etTagA', 'etTagB'], removedByCustomerAt: null, removedByStaffAt: null },
          expect.objectContaining({ userId: 'sales.wang', state: 'web', tagIds: ['etTagC'] }),
        ],
        welcomeSends: [{ welcomeCode: '****wxyz', userId: 'sales.li', flowId: 3, result: 'sent', errcode: null, eventTime: JUNE_1, latencyMs: 140 }],
      });
    });

    it('should answer 200 with null details when the customer is known only through a relation', async () => {
      const response = await app.request('GET', `${CUSTOMERS}/wmB`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ externalUserId: 'wmB', name: null, type: null, detailsFetchedAt: null, followers: [{ userId: 'sales.li' }], welcomeSends: [] });
    });

    it('should answer 404 not_found when the id is known nowhere', async () => {
      const response = await app.request('GET', `${CUSTOMERS}/wmNobody`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, error: 'not_found' });
    });

    it('should answer 401 when the token is missing', async () => {
      expect((await app.request('GET', `${CUSTOMERS}/wmA`, { token: null })).status).toBe(401);
    });
  });

  describe('GET /api/admin/customers', () => {
    it('should list every customer, with or without relations, in id order when there is no filter', async () => {
      const body = await list('');
      expect(body.items.map((i) => i.externalUserId)).toEqual(['wmA', 'wmB', 'wmC', 'wmD']);
      expect(body.nextCursor).toBeNull();
      expect(body.items[0]).toMatchObject({ name: '张三', followers: [{ userId: 'sales.li' }, { userId: 'sales.wang' }] });
      expect(body.items[2]).toMatchObject({ externalUserId: 'wmC', name: '李四', followers: [] });
    });

    it('should match the exact tag id only, case and wildcards included, when filtering by tag', async () => {
      expect(await ids('tag=etTagA')).toEqual(['wmA', 'wmD']);
      expect(await ids('tag=etTag')).toEqual([]);
      expect(await ids('tag=ettaga')).toEqual([]);
      expect(await ids(`tag=${encodeURIComponent('et%B_1')}`)).toEqual(['wmB']);
      expect(await ids(`tag=${encodeURIComponent('et%')}`)).toEqual([]);
    });

    it('should filter by salesperson and by channel', async () => {
      expect(await ids('userId=sales.li')).toEqual(['wmA', 'wmB']);
      expect(await ids('channel=expo')).toEqual(['wmA', 'wmD']);
    });

    it('should require one relation to match every filter when filters are combined', async () => {
      expect(await ids('userId=sales.li&channel=expo')).toEqual(['wmA']);
      // wmA has tag C only on sales.wang's side and channel expo only on sales.li's.
      expect(await ids('tag=etTagC&channel=expo')).toEqual([]);
    });

    it('should filter by the added range in unix seconds and in China days', async () => {
      expect(await ids(`addedFrom=${JUNE_1}&addedTo=${JUNE_1 + 10 * DAY}`)).toEqual(['wmA', 'wmB']);
      expect(await ids('addedFrom=2024-06-01&addedTo=2024-06-10')).toEqual(['wmA', 'wmB']);
      expect(await ids('addedTo=2024-05-31')).toEqual(['wmD']);
      expect(await ids('addedFrom=2024-06-15T00:00:00%2B08:00')).toEqual(['wmA']);
    });

    it('should page with nextCursor until it is null', async () => {
      const first = await list('limit=3');
      expect(first.items.map((i) => i.externalUserId)).toEqual(['wmA', 'wmB', 'wmC']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(`limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect(second.items.map((i) => i.externalUserId)).toEqual(['wmD']);
      expect(second.nextCursor).toBeNull();
      const filtered = await list('userId=sales.li&limit=1');
      expect(filtered.items.map((i) => i.externalUserId)).toEqual(['wmA']);
      expect(await ids(`userId=sales.li&limit=1&cursor=${encodeURIComponent(filtered.nextCursor!)}`)).toEqual(['wmB']);
    });

    it.each([
      ['limit=0', 'limit:'],
      ['limit=500', 'limit:'],
      ['addedFrom=yesterday', 'addedFrom:'],
      ['addedFrom=2024-06-10&addedTo=2024-06-01', 'addedFrom:'],
      ['salesperson=sales.li', 'salesperson: unknown field'],
    ])('should answer 400 naming the field when the query is %s', async (query, field) => {
      const response = await app.request('GET', `${CUSTOMERS}?${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe('invalid_input');
      expect(body.message).toContain(field);
    });
  });
});
