/**
 * /api/admin/segments and /api/admin/recalls through the real app (container, Koa, SQL on
 * SQLite and PostgreSQL; WeCom mocked by nock): segment CRUD and validation, previews,
 * the CSV export, and recall campaigns — add_msg_template payloads per salesperson with
 * the 1:1-only customer left out and given a task, the frequency cap, the 10,000 split,
 * results polled with get_groupmsg_task / get_groupmsg_send_result, and the recall rate.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqlRecallStore } from '../../../src/db/recall-repo.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { nockWecomTokens, startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;
const API = 'http://wecom-segments.test';
const ADMIN_TOKEN = 'segments-test-admin-token-000001';
const TEXT = '好久不见，送您一份回归礼';
const BULK = 10_001;
const LAPSED = { stages: ['lapsed'] };

/** Captured add_msg_template bodies, answered with `fail_list` per sender. */
function mockAddMsgTemplate(bodies: Record<string, unknown>[], failLists: Record<string, string[]> = {}, times = 1): nock.Scope {
  return nock(API)
    .post('/cgi-bin/externalcontact/add_msg_template', (body: Record<string, unknown>) => Boolean(bodies.push(body)))
    .query({ access_token: 'TOKEN' })
    .times(times)
    .reply(200, (_uri, body) => {
      const sender = String((body as { sender: string }).sender);
      return { errcode: 0, errmsg: 'ok', fail_list: failLists[sender] ?? [], msgid: `msg-${sender}-${bodies.length}` };
    });
}

describe.each(PROVIDERS)('admin API segments and recalls (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  interface Sent {
    id: number;
    status: string;
    summary: { massRecipients: number; tasks: number; capped: number; interrupted: number; messages: { userId: string; msgid: string; failed: number }[] };
  }

  /** POSTs a recall (202, queued) and waits until the background sender has sent it. */
  async function recall(body: unknown): Promise<Sent> {
    const response = await admin('POST', '/recalls', body);
    expect(response.status).toBe(202);
    const queued = (await response.json()) as Sent;
    expect(queued.status).toBe('queued');
    expect(response.headers.get('location')).toBe(`/api/admin/recalls/${queued.id}`);
    for (let i = 0; i < 300; i++) {
      const found = (await (await admin('GET', `/recalls/${queued.id}`)).json()) as Sent;
      if (found.status === 'sent') return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`recall ${queued.id} was not sent within 15 s`);
  }

  /**
   * Lapsed customers: wmH1 (li, 6,000 yuan: 1:1-only), wmL1 and wmL2 (li), wmBoth (li and
   * wang: li sends), wmW1 (wang), wmCap (li, reached by a recall 3 days ago). wmStable is
   * not lapsed. 10,001 customers of sales.bulk (stable) for the split.
   */
  async function seed(): Promise<void> {
    const { sql } = database.connection;
    const relations: [string, string][] = [['li', 'wmH1'], ['li', 'wmL1'], ['li', 'wmL2'], ['li', 'wmBoth'], ['wang', 'wmBoth'], ['wang', 'wmW1'], ['li', 'wmCap'], ['li', 'wmStable']];
    for (let i = 0; i < BULK; i++) relations.push(['sales.bulk', `wmBulk${String(i).padStart(5, '0')}`]);
    const stamp = sql.toDbTime(new Date());
    for (let i = 0; i < relations.length; i += 500) {
      const part = relations.slice(i, i + 500);
      await sql.execute(
        `INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "addedAt", "tagIds", "updatedAt") VALUES ${part.map(() => `(?, ?, 'active', ?, ?, '[]', ?)`).join(', ')}`,
        part.flatMap(([userId, externalUserId]) => [userId, externalUserId, NOW - 200 * DAY, NOW - 200 * DAY, stamp]),
      );
    }
    for (const id of ['wmH1', 'wmL1', 'wmL2', 'wmBoth', 'wmW1', 'wmCap']) await database.db.customerLifecycle.create({ data: { externalUserId: id, stage: 'lapsed', since: NOW - DAY } });
    await database.db.customerLifecycle.create({ data: { externalUserId: 'wmStable', stage: 'stable', since: NOW - DAY } });
    await database.db.customer.create({ data: { externalUserId: 'wmL1', name: '=HYPERLINK("http://x")', type: 1, fetchedAt: new Date() } });
    await database.db.customerValue.create({
      data: { externalUserId: 'wmH1', totalSpendFen: 600_000, annualSpendFen: 600_000, orderCount: 3, firstOrderAt: NOW - 300 * DAY, lastOrderAt: NOW - 120 * DAY, valueLayer: 'high', highValue: true },
    });
    const earlier = new SqlRecallStore(sql);
    const recall = await earlier.create({ segmentId: 999, definition: {}, text: 'earlier', attachments: [], frequencyCapDays: 7, windowDays: 7, createdAt: NOW - 3 * DAY });
    await earlier.addRecipients(recall.id, [{ externalUserId: 'wmCap', userId: 'li', channel: 'mass', status: 'sent' }], NOW - 3 * DAY);
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    await nockWecomTokens(app, API);
    await seed();
  });

  afterEach(() => {
    // Interceptors are per test: one left over would answer the next test's calls.
    expect(nock.pendingMocks().filter((m) => !m.includes('gettoken'))).toEqual([]);
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it('should create, read, rename and delete a segment, refusing bad definitions by field', async () => {
    const bad = await admin('POST', '/segments', { name: 'x', definition: { lastContact: { minDays: 9, maxDays: 3 }, spend: { min: 10, max: 10 }, colour: 'red' } });
    expect(bad.status).toBe(400);
    const { message } = (await bad.json()) as { message: string };
    expect(message).toContain('definition.colour: unknown field');
    const semantic = await admin('POST', '/segments', { name: 'x', definition: { lastContact: { minDays: 9, maxDays: 3 }, spend: { min: 10, max: 10 } } });
    expect(((await semantic.json()) as { message: string }).message).toBe(
      'definition.lastContact: minDays must not be above maxDays; definition.spend: min must be below max (max is excluded)',
    );

    const created = await admin('POST', '/segments', { name: '流失客户', definition: LAPSED });
    expect(created.status).toBe(201);
    const segment = (await created.json()) as { id: number; name: string; definition: unknown };
    expect(created.headers.get('location')).toBe(`/api/admin/segments/${segment.id}`);
    expect(segment).toMatchObject({ name: '流失客户', definition: LAPSED });
    const patched = await admin('PATCH', `/segments/${segment.id}`, { name: '流失客户包' });
    expect(await patched.json()).toMatchObject({ id: segment.id, name: '流失客户包', definition: LAPSED });
    expect(((await (await admin('GET', '/segments')).json()) as { items: { id: number }[] }).items.map((s) => s.id)).toContain(segment.id);
    expect((await admin('DELETE', `/segments/${segment.id}`)).status).toBe(204);
    expect((await admin('GET', `/segments/${segment.id}`)).status).toBe(404);
    expect((await admin('GET', '/segments/abc')).status).toBe(400);
  });

  it('should preview a saved segment and an unsaved definition with count and first members', async () => {
    const { id } = (await (await admin('POST', '/segments', { name: 'lapsed', definition: LAPSED })).json()) as { id: number };
    const preview = (await (await admin('GET', `/segments/${id}/preview?limit=2`)).json()) as { count: number; members: unknown[] };
    expect(preview.count).toBe(6);
    expect(preview.members).toEqual([
      { externalUserId: 'wmBoth', name: null, salesperson: 'li', salespeople: ['li', 'wang'], stage: 'lapsed', layer: 'low', spend: 0, highValue: false },
      { externalUserId: 'wmCap', name: null, salesperson: 'li', salespeople: ['li'], stage: 'lapsed', layer: 'low', spend: 0, highValue: false },
    ]);
    const unsaved = (await (await admin('POST', '/segments/preview', { definition: { ...LAPSED, highValue: true } })).json()) as { count: number; members: unknown[] };
    expect(unsaved).toEqual({ count: 1, members: [{ externalUserId: 'wmH1', name: null, salesperson: 'li', salespeople: ['li'], stage: 'lapsed', layer: 'high', spend: 6000, highValue: true }] });
    expect((await admin('POST', '/segments/preview', { definition: { stages: [] } })).status).toBe(400);
  });

  it('should export every member as CSV with a BOM, quoting and defused formulas', async () => {
    const { id } = (await (await admin('POST', '/segments', { name: 'lapsed', definition: LAPSED })).json()) as { id: number };
    const response = await admin('GET', `/segments/${id}/members.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('external_userid,name,salespeople,stage,layer,spend_yuan,high_value');
    expect(lines).toContain(`wmL1,"'=HYPERLINK(""http://x"")",li,lapsed,low,0,no`);
    expect(lines).toContain('wmH1,,li,lapsed,high,6000,yes');
    expect(lines.filter((line) => line.startsWith('wm'))).toHaveLength(6);
    expect(lines.at(-1)).toBe('');
  });

  it('should send one mass message per salesperson without the 1:1-only and capped customers, task the 1:1-only one, then poll results and measure the recall rate', async () => {
    const { id: segmentId } = (await (await admin('POST', '/segments', { name: 'lapsed', definition: LAPSED })).json()) as { id: number };
    const bodies: Record<string, unknown>[] = [];
    mockAddMsgTemplate(bodies, { li: ['wmL2'] }, 2);
    const { id: recallId, summary: created } = await recall({ segmentId, text: TEXT, frequencyCapDays: 7, windowDays: 7 });
    expect(bodies.sort((a, b) => String(a.sender).localeCompare(String(b.sender)))).toEqual([
      { chat_type: 'single', sender: 'li', external_userid: ['wmBoth', 'wmL1', 'wmL2'], allow_select: false, text: { content: TEXT } },
      { chat_type: 'single', sender: 'wang', external_userid: ['wmW1'], allow_select: false, text: { content: TEXT } },
    ]);
    expect(created).toMatchObject({ massRecipients: 4, tasks: 1, capped: 1, interrupted: 0 });
    expect(created.messages.map((m) => [m.userId, m.failed])).toEqual([['li', 1], ['wang', 0]]);
    const tasks = await database.db.salesTask.findMany({ where: { scene: 'recall_one_to_one' } });
    expect(tasks.map((t) => [t.userId, t.externalUserId, t.suggestedReply, t.status])).toEqual([['li', 'wmH1', TEXT, 'open']]);

    // Asked again at once: everyone was reached (or tasked) within the cap except wmL2, whom WeCom refused.
    const again: Record<string, unknown>[] = [];
    mockAddMsgTemplate(again);
    const { summary: second } = await recall({ segmentId, text: TEXT });
    expect(again.map((b) => [b.sender, b.external_userid])).toEqual([['li', ['wmL2']]]);
    expect(second).toMatchObject({ capped: 5, tasks: 0 });

    // li confirmed: wmBoth and wmL1 received it; wang has not confirmed yet.
    const liMsg = created.messages.find((m) => m.userId === 'li')!.msgid;
    const wangMsg = created.messages.find((m) => m.userId === 'wang')!.msgid;
    nock(API).post('/cgi-bin/externalcontact/get_groupmsg_task', { msgid: liMsg, limit: 1000 }).query(true).reply(200, { errcode: 0, errmsg: 'ok', next_cursor: '', task_list: [{ userid: 'li', status: 2, send_time: NOW + 600 }] });
    nock(API).post('/cgi-bin/externalcontact/get_groupmsg_task', { msgid: wangMsg, limit: 1000 }).query(true).reply(200, { errcode: 0, errmsg: 'ok', next_cursor: '', task_list: [{ userid: 'wang', status: 0 }] });
    nock(API)
      .post('/cgi-bin/externalcontact/get_groupmsg_send_result', { msgid: liMsg, userid: 'li', limit: 1000 })
      .query(true)
      .reply(200, {
        errcode: 0, errmsg: 'ok', next_cursor: '',
        send_list: [{ external_userid: 'wmBoth', userid: 'li', status: 1, send_time: NOW + 600 }, { external_userid: 'wmL1', userid: 'li', status: 1, send_time: NOW + 600 }],
      });
    const checked = (await (await admin('POST', `/recalls/${recallId}/check`)).json()) as { changed: number };
    expect(checked.changed).toBe(2);

    // wmBoth wrote back on day 7 after the send (recalled); wmH1's task was answered by an order.
    await database.db.chatMessage.create({ data: { messageKey: 'kf:back1', source: 'kf', externalUserId: 'wmBoth', direction: 'in', msgType: 'text', text: '还有吗', sentAt: NOW + 600 + 7 * DAY } });
    await database.db.customerOrder.create({ data: { orderId: 'o-back', externalUserId: 'wmH1', amountFen: 59_900, orderedAt: NOW + DAY } });
    const report = await (await admin('GET', `/recalls/${recallId}`)).json();
    expect(report).toMatchObject({
      id: recallId, status: 'sent', segmentId, text: TEXT, frequencyCapDays: 7, windowDays: 7, createdAt: NOW, checkedAt: NOW,
      mass: { recipients: 4, pending: 1, sent: 2, failed: 1, recalled: 1, rate: 0.5 },
      oneToOne: { tasks: 1, recalled: 1, rate: 1 },
      windowOpen: true,
    });
    expect((await admin('GET', '/recalls/99999')).status).toBe(404);
    expect((await admin('POST', '/recalls', { segmentId: 99999, text: TEXT })).status).toBe(404);
    expect((await admin('POST', '/recalls', { segmentId, text: '' })).status).toBe(400);
  });

  it('should split a salesperson\'s members at add_msg_template\'s 10,000 ids', async () => {
    const { id: segmentId } = (await (await admin('POST', '/segments', { name: 'bulk', definition: { userIds: ['sales.bulk'] } })).json()) as { id: number };
    const bodies: Record<string, unknown>[] = [];
    mockAddMsgTemplate(bodies, {}, 2);
    const { summary: created } = await recall({ segmentId, text: TEXT });
    expect(bodies.map((b) => [b.sender, (b.external_userid as string[]).length])).toEqual([['sales.bulk', 10_000], ['sales.bulk', 1]]);
    expect((bodies[1]!.external_userid as string[])[0]).toBe('wmBulk10000');
    expect(created.massRecipients).toBe(BULK);
  });
});
