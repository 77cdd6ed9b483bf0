/**
 * The sidebar API through the real app (Koa, SQLite, Redis; WeCom mocked with nock):
 * WeCom web login → session cookie, CSRF on writes, JS-SDK signatures from cached
 * tickets, and a salesperson reading and changing only the customers they serve.
 */
import { createHash } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCampaignRepo } from '../../../src/db/campaign-repo.ts';
import { SqlCheckInLedger } from '../../../src/db/check-in-ledger.ts';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { DEFAULT_CAMPAIGN_RULES } from '../../../src/domain/campaign/campaign.ts';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { PrismaSalesTaskStore } from '../../../src/db/sales-task-repo.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID } from '../../fixtures/wecom/events.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-sidebar.test';
const ADMIN_TOKEN = 'sidebar-test-admin-token-000001';
const CUSTOMER = 'wmSidebar0000000000000000000001';
const OTHER_CUSTOMER = 'wmSidebar0000000000000000000002';

/** A browser's cookies for one origin, enough for these tests. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async fetch(path: string, init: RequestInit & { csrf?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (init.csrf) headers.set('x-csrf-token', init.csrf);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (value.join('=') === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  post(path: string, body: unknown, csrf?: string): Promise<Response> {
    return this.fetch(path, { method: 'POST', body: JSON.stringify(body), ...(csrf ? { csrf } : {}) });
  }
}

describe('sidebar API', () => {
  let database: TestDatabase;
  let app: TestApp;
  let li: Browser;
  let csrf: string;
  const marks: unknown[] = [];

  async function login(browser: Browser, userId: string): Promise<string> {
    const start = await browser.fetch(`/api/sidebar/oauth/start?returnTo=${encodeURIComponent(`/sidebar/?customer=${CUSTOMER}`)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(authorize.searchParams.get('appid')).toBe(FIXTURE_CORP_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/api/sidebar/oauth/callback`);
    nock(API).get('/cgi-bin/auth/getuserinfo').query({ access_token: 'AGENT_TOKEN', code: `code-${userId}` }).reply(200, { errcode: 0, errmsg: 'ok', userid: userId });
    const back = await browser.fetch(`/api/sidebar/oauth/callback?code=code-${userId}&state=${authorize.searchParams.get('state')}`);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`/sidebar/?customer=${CUSTOMER}`);
    const session = (await (await browser.fetch('/api/sidebar/session')).json()) as { userId: string; csrfToken: string };
    expect(session.userId).toBe(userId);
    return session.csrfToken;
  }

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: {
        WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', WECOM_AGENT_ID: '1000002', WECOM_AGENT_SECRET: 'agent-secret',
        ADMIN_TOKEN, SIDEBAR_SESSION_SECRET: 'sidebar-session-secret-for-tests-0123456789',
      },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query({ corpid: FIXTURE_CORP_ID, corpsecret: 'agent-secret' }).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'AGENT_TOKEN', expires_in: 7200 });
    nock(API).persist().get('/cgi-bin/gettoken').query({ corpid: FIXTURE_CORP_ID, corpsecret: 'contact-secret' }).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'CONTACT_TOKEN', expires_in: 7200 });
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });

    await new PrismaCorpTagStore(database.db).replaceAll(
      [{ groupId: 'etGroup', name: '偏好', order: 1, tags: [{ tagId: 'etNest', groupId: 'etGroup', name: '燕窝', order: 1 }, { tagId: 'etVip', groupId: 'etGroup', name: 'VIP', order: 2 }] }],
      new Date(NOW * 1000),
    );
    const contacts = new SqlContactRepo(database.connection.sql);
    await contacts.saveSnapshot(
      { customer: { externalUserId: CUSTOMER, name: '林女士', type: 1, gender: 2 }, followers: [{ userId: 'sales.li', remark: '林姐', addedAt: NOW - 86_400, tagIds: ['etNest'] }] },
      new Date(NOW * 1000),
    );
    await contacts.saveSnapshot({ customer: { externalUserId: OTHER_CUSTOMER, name: '王先生', type: 1, gender: 1 }, followers: [{ userId: 'sales.wang', addedAt: NOW, tagIds: [] }] }, new Date(NOW * 1000));
    // The customer checked in to a group campaign: it shows on the timeline.
    const campaign = await new SqlCampaignRepo(database.connection.sql).create({ name: '21天打卡', chatIds: ['wrGroup'], startDate: '2024-05-29', days: 21, timezone: 'Asia/Shanghai', rules: DEFAULT_CAMPAIGN_RULES });
    await new SqlCheckInLedger(database.connection.sql).record({ campaignId: campaign.id, memberKey: CUSTOMER, chatId: 'wrGroup', day: 2, makeUp: false, messageKey: 'bot-m1', at: NOW - 60, awards: [] });
    li = new Browser(app.baseUrl);
    csrf = await login(li, 'sales.li');
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it('should answer 401 without a session and refuse a login whose state did not start here', async () => {
    const stranger = new Browser(app.baseUrl);
    expect((await stranger.fetch('/api/sidebar/session')).status).toBe(401);
    expect((await stranger.fetch(`/api/sidebar/customers/${CUSTOMER}`)).status).toBe(401);
    expect((await stranger.fetch('/api/sidebar/oauth/callback?code=x&state=forged')).status).toBe(401);
    expect((await stranger.fetch('/api/sidebar/dev-login?userId=sales.li')).status).toBe(404);
    expect((await stranger.fetch('/sidebar/dev-shim.js')).status).toBe(404);
  });

  it('should sign the page URL with the cached corp and agent tickets', async () => {
    nock(API).get('/cgi-bin/get_jsapi_ticket').query({ access_token: 'AGENT_TOKEN' }).reply(200, { errcode: 0, errmsg: 'ok', ticket: 'CORP_TICKET', expires_in: 7200 });
    nock(API).get('/cgi-bin/ticket/get').query({ access_token: 'AGENT_TOKEN', type: 'agent_config' }).reply(200, { errcode: 0, errmsg: 'ok', ticket: 'AGENT_TICKET', expires_in: 7200 });
    const url = `${app.baseUrl}/sidebar/?customer=${CUSTOMER}`;
    const signed = (await (await li.fetch(`/api/sidebar/jssdk?url=${encodeURIComponent(`${url}#ignored`)}`)).json()) as {
      corp: { appId: string; timestamp: number; nonceStr: string; signature: string };
      agent: { agentid: string; timestamp: number; nonceStr: string; signature: string };
    };
    const sha1 = (ticket: string, s: { nonceStr: string; timestamp: number }) =>
      createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${url}`).digest('hex');
    expect(signed.corp).toMatchObject({ appId: FIXTURE_CORP_ID, timestamp: NOW, signature: sha1('CORP_TICKET', signed.corp) });
    expect(signed.agent).toMatchObject({ agentid: '1000002', signature: sha1('AGENT_TICKET', signed.agent) });
    // Cached: a second page load asks WeCom for nothing (nock would fail on a new ticket call).
    expect((await li.fetch(`/api/sidebar/jssdk?url=${encodeURIComponent(url)}`)).status).toBe(200);
  });

  it('should show the profile to the salesperson who serves the customer and 403 to anyone else', async () => {
    const response = await li.fetch(`/api/sidebar/customers/${CUSTOMER}`);
    expect(response.status).toBe(200);
    const profile = (await response.json()) as { customer: { name: string }; me: { remark: string; tagIds: string[] }; tagGroups: { tags: { tagId: string; selected: boolean }[] }[]; timeline: { at: number; kind: string; text: string }[] };
    expect(profile.customer.name).toBe('林女士');
    expect(profile.me).toMatchObject({ remark: '林姐', tagIds: ['etNest'] });
    expect(profile.tagGroups[0]?.tags).toEqual([
      { tagId: 'etNest', name: '燕窝', selected: true },
      { tagId: 'etVip', name: 'VIP', selected: false },
    ]);
    expect(profile.timeline.map((t) => t.kind)).toContain('added');
    expect(profile.timeline).toContainEqual({ at: NOW - 60, kind: 'check_in', text: '「21天打卡」打卡第2天' });

    for (const id of [OTHER_CUSTOMER, 'wmNobody000000000000000000000001']) {
      const denied = await li.fetch(`/api/sidebar/customers/${id}`);
      expect(denied.status).toBe(403);
      expect(JSON.stringify(await denied.json())).not.toMatch(/王先生|sales\.wang/);
      expect((await li.post(`/api/sidebar/customers/${id}/notes`, { text: 'x' }, csrf)).status).toBe(403);
    }
  });

  it('should refuse writes without the CSRF token and bad fields, changing nothing', async () => {
    expect((await li.post(`/api/sidebar/customers/${CUSTOMER}/notes`, { text: '想要礼盒装' })).status).toBe(403);
    expect((await li.post(`/api/sidebar/customers/${CUSTOMER}/notes`, { text: '' }, csrf)).status).toBe(400);
    expect((await li.post(`/api/sidebar/customers/${CUSTOMER}/tags`, { add: ['etUnknown'] }, csrf)).status).toBe(400);
    expect((await li.post(`/api/sidebar/customers/${CUSTOMER}/answers`, { questionId: 'product_kind', optionIds: ['nope'] }, csrf)).status).toBe(400);
    expect(await database.db.customerNote.count()).toBe(0);
    expect(await database.db.auditLog.count()).toBe(0);
    expect(marks).toEqual([]);
  });

  it('should save answers (unanswered questions first), tag through mark_tag, keep notes and record a sent reply, all audited', async () => {
    const before = (await (await li.fetch(`/api/sidebar/customers/${CUSTOMER}/questions`)).json()) as { questions: { id: string; answer: unknown }[] };
    expect(before.questions.map((q) => q.id)).toEqual(['product_kind', 'usage_length', 'who_takes']);

    const answered = await li.post(`/api/sidebar/customers/${CUSTOMER}/answers`, { questionId: 'product_kind', optionIds: ['beauty'], text: '主要吃燕窝' }, csrf);
    expect(answered.status).toBe(200);
    const after = (await (await li.fetch(`/api/sidebar/customers/${CUSTOMER}/questions`)).json()) as { questions: { id: string; answer: { optionIds: string[]; text: string } | null }[] };
    expect(after.questions.map((q) => q.id)).toEqual(['usage_length', 'who_takes', 'product_kind']);
    expect(after.questions[2]?.answer).toMatchObject({ optionIds: ['beauty'], text: '主要吃燕窝' });

    const tagged = await li.post(`/api/sidebar/customers/${CUSTOMER}/tags`, { add: ['etVip'], remove: [] }, csrf);
    expect(await tagged.json()).toEqual({ tagIds: ['etNest', 'etVip'] });
    expect(marks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etVip'], remove_tag: [] }]);

    const note = await li.post(`/api/sidebar/customers/${CUSTOMER}/notes`, { text: '想要礼盒装' }, csrf);
    expect(note.status).toBe(201);

    const task = await new PrismaSalesTaskStore(database.db, database.connection.sql).open({ userId: 'sales.li', externalUserId: CUSTOMER, scene: 'cycle_ending', title: '周期将尽', priority: 'normal', dueAt: NOW + 3600, createdAt: NOW });
    const suggestions = (await (await li.fetch(`/api/sidebar/customers/${CUSTOMER}/suggestions`)).json()) as { tasks: { id: number }[] };
    expect(suggestions.tasks.map((t) => t.id)).toEqual([task.task.id]);
    expect((await li.post(`/api/sidebar/customers/${CUSTOMER}/sent`, { text: '林姐，燕窝组合装今天有优惠', taskId: task.task.id }, csrf)).status).toBe(200);
    expect(await database.db.salesTask.findUniqueOrThrow({ where: { id: task.task.id } })).toMatchObject({ status: 'done', closedBy: 'sales.li' });

    const profile = (await (await li.fetch(`/api/sidebar/customers/${CUSTOMER}`)).json()) as { notes: { text: string }[]; timeline: { kind: string; text: string }[] };
    expect(profile.notes.map((n) => n.text)).toEqual(['想要礼盒装']);
    expect(profile.timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(['note', 'tag', 'task']));
    const audit = await database.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    // One row per write, from the audit middleware: method and route pattern, the body, what changed.
    expect(audit.map((a) => [a.actor, a.role, a.action, a.target])).toEqual([
      ['sales.li', 'salesperson', 'POST /api/sidebar/customers/:id/answers', CUSTOMER],
      ['sales.li', 'salesperson', 'POST /api/sidebar/customers/:id/tags', CUSTOMER],
      ['sales.li', 'salesperson', 'POST /api/sidebar/customers/:id/notes', CUSTOMER],
      ['sales.li', 'salesperson', 'POST /api/sidebar/customers/:id/sent', CUSTOMER],
    ]);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ body: { add: ['etVip'], remove: [] }, after: { added: ['etVip'], removed: [] } });
  });

  it('should show a group to its members only', async () => {
    nock(API).post('/cgi-bin/externalcontact/groupchat/get').query(true).times(2).reply(200, {
      errcode: 0, errmsg: 'ok',
      group_chat: { chat_id: 'wrGroup01', name: '燕窝打卡群', owner: 'sales.li', member_list: [
        { userid: 'sales.li', type: 1, join_time: NOW - 30 * 86_400 },
        { userid: CUSTOMER, type: 2, join_time: NOW - 86_400 },
        { userid: OTHER_CUSTOMER, type: 2, join_time: NOW - 20 * 86_400 },
      ] },
    });
    expect(await (await li.fetch('/api/sidebar/groups/wrGroup01')).json()).toEqual({
      chatId: 'wrGroup01', name: '燕窝打卡群', owner: 'sales.li', memberCount: 3, joinedThisWeek: 1, leftThisWeek: 0, campaigns: [],
    });
    const wang = new Browser(app.baseUrl);
    await login(wang, 'sales.wang');
    expect((await wang.fetch('/api/sidebar/groups/wrGroup01')).status).toBe(403);
  });
});
