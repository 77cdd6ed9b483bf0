/**
 * The sidebar's campaign section through the real app on SQLite and PostgreSQL (sandbox
 * dev login; WeCom's groupchat/get mocked with nock): a group's campaign today and the
 * stage rewards the owner announces from it, each marked once whoever announced first.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCampaignRepo } from '../../../src/db/campaign-repo.ts';
import { SqlCheckInLedger, SqlRewardLog } from '../../../src/db/check-in-ledger.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CAMPAIGN_NOW_MS, FIXTURE_REMINDER, FIXTURE_STAGE, fixtureCampaign, seedGroupCampaign, type SeededCampaign } from '../../helpers/campaign-seed.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const API = 'http://wecom-sidebar-campaigns.test';
const CHAT = 'wrCampaignGroup01';
const OTHER_CHAT = 'wrCampaignGroup02';
const NOW = FIXTURE_CAMPAIGN_NOW_MS / 1000;

/** Signs in through the sandbox dev login; returns a fetch that carries the session (and the CSRF token on POSTs). */
async function signIn(baseUrl: string, userId: string) {
  const login = await fetch(`${baseUrl}/api/sidebar/dev-login?userId=${userId}`, { redirect: 'manual' });
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const session = (await (await fetch(`${baseUrl}/api/sidebar/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return {
    get: (path: string) => fetch(`${baseUrl}/api/sidebar${path}`, { headers: { cookie } }),
    post: (path: string, body: unknown, csrf = session.csrfToken) =>
      fetch(`${baseUrl}/api/sidebar${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
  };
}

describe.each(PROVIDERS)('sidebar campaign section (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  let seeded: SeededCampaign;
  let otherCampaignId: number;
  let otherGrantId: number;
  let li: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const sql = database.connection.sql;
    // Seeded before the app first reads campaigns: its cache lives as long as the fixed clock stands still.
    seeded = await seedGroupCampaign(sql, CHAT);
    const other = await new SqlCampaignRepo(sql).create(fixtureCampaign([OTHER_CHAT]));
    const stored = await new SqlCheckInLedger(sql).record({ campaignId: other.id, memberKey: 'wmElsewhere', chatId: OTHER_CHAT, day: 3, makeUp: false, messageKey: 'x:1', at: NOW - 86_400, awards: [], stage: FIXTURE_STAGE });
    otherCampaignId = other.id;
    otherGrantId = stored!.grantId!;
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(FIXTURE_CAMPAIGN_NOW_MS)),
      env: { WECOM_CORP_ID: '', WECOM_TOKEN: '', WECOM_ENCODING_AES_KEY: '', WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', SIDEBAR_SESSION_SECRET: 'sidebar-session-secret-for-tests-0123456789' },
    });
    const cached = await app.container.redis.keys('wecom:*');
    if (cached.length > 0) await app.container.redis.del(...cached);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'CONTACT_TOKEN', expires_in: 7200 });
    nock(API).persist().post('/cgi-bin/externalcontact/groupchat/get', (body: { chat_id: string }) => body.chat_id === CHAT).query(true).reply(200, {
      errcode: 0, errmsg: 'ok',
      group_chat: { chat_id: CHAT, name: '燕窝打卡群', owner: 'sales.li', member_list: [
        { userid: 'sales.li', type: 1, join_time: NOW - 30 * 86_400 },
        { userid: 'wmCampLin', type: 2, join_time: NOW - 10 * 86_400 },
      ] },
    });
    li = await signIn(app.baseUrl, 'sales.li');
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it('should show the campaign day, today’s check-ins, present members still missing, the leaderboard and the rewards not yet announced', async () => {
    const response = await li.get(`/groups/${CHAT}`);
    expect(response.status).toBe(200);
    const view = (await response.json()) as { campaigns: Record<string, unknown>[] };
    expect(view.campaigns).toHaveLength(1);
    const [campaign] = view.campaigns;
    expect(campaign).toMatchObject({
      campaignId: seeded.campaignId,
      name: '7天燕窝打卡',
      phase: 'running',
      day: 4,
      days: 7,
      sidebarSpeaks: true,
      checkedIn: { total: 2 },
      missing: { total: 2 },
      rewards: [{ grantId: seeded.pendingGrantId, displayName: '林小姐', stageDay: 3, reward: FIXTURE_STAGE.reward }],
    });
    expect([...(campaign!.checkedIn as { names: string[] }).names].sort()).toEqual(['林小姐', '陈先生'].sort());
    expect([...(campaign!.missing as { names: string[] }).names].sort()).toEqual(['张阿姨', '赵女士'].sort());
    // Streak, then points: 张阿姨's streak broke yesterday; 钱同学 left but keeps her place.
    expect((campaign!.leaderboard as { displayName: string; streak: number; points: number }[]).map((m) => [m.displayName, m.streak, m.points])).toEqual([
      ['林小姐', 4, 40],
      ['陈先生', 3, 30],
      ['张阿姨', 0, 20],
      ['钱同学', 0, 10],
    ]);
    const messages = campaign!.messages as { reminder: string; leaderboard: string };
    const missing = (campaign!.missing as { names: string[] }).names;
    expect(messages.reminder).toBe(`${missing.map((name) => `@${name}`).join(' ')} ${FIXTURE_REMINDER}`);
    expect(messages.leaderboard.split('\n').slice(0, 3)).toEqual(['🏆「7天燕窝打卡」排行榜', '1. 林小姐 连续4天 40分', '2. 陈先生 连续3天 30分']);
  });

  it('should mark only this group’s unannounced grants as announced by the sidebar, once, and audit the send', async () => {
    const ids = [seeded.pendingGrantId, seeded.botGrantId, otherGrantId];
    const first = await li.post(`/groups/${CHAT}/campaigns/${seeded.campaignId}/announced`, { grantIds: ids });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ marked: [seeded.pendingGrantId] });
    const again = await li.post(`/groups/${CHAT}/campaigns/${seeded.campaignId}/announced`, { grantIds: ids });
    expect(await again.json()).toEqual({ marked: [] });

    const rewards = new SqlRewardLog(database.connection.sql);
    const grants = new Map((await rewards.list(seeded.campaignId)).map((g) => [g.id, g]));
    expect(grants.get(seeded.pendingGrantId)).toMatchObject({ announcedBy: 'sidebar', announcedAt: NOW });
    expect(grants.get(seeded.botGrantId)).toMatchObject({ announcedBy: 'bot' });
    expect(await rewards.list(otherCampaignId, { announced: true })).toEqual([]);

    const view = (await (await li.get(`/groups/${CHAT}`)).json()) as { campaigns: { rewards: unknown[] }[] };
    expect(view.campaigns[0]!.rewards).toEqual([]);
    const audit = await database.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    const action = 'POST /api/sidebar/groups/:chatId/campaigns/:id/announced';
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ['sales.li', action, CHAT],
      ['sales.li', action, CHAT],
    ]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ after: { marked: [seeded.pendingGrantId] } });
  });

  it('should refuse a salesperson outside the group, a campaign not running in it, a missing CSRF token and a bad body, marking nothing', async () => {
    const wang = await signIn(app.baseUrl, 'sales.wang');
    const path = `/groups/${CHAT}/campaigns/${seeded.campaignId}/announced`;
    expect((await wang.get(`/groups/${CHAT}`)).status).toBe(403);
    expect((await wang.post(path, { grantIds: [seeded.pendingGrantId] })).status).toBe(403);
    expect((await li.post(`/groups/${CHAT}/campaigns/${otherCampaignId}/announced`, { grantIds: [otherGrantId] })).status).toBe(404);
    expect((await li.post(path, { grantIds: [otherGrantId] }, 'wrong-token')).status).toBe(403);
    expect((await li.post(path, { grantIds: [] })).status).toBe(400);
    expect((await li.post(path, { grantIds: ['1'] })).status).toBe(400);
    expect(await new SqlRewardLog(database.connection.sql).list(otherCampaignId, { announced: true })).toEqual([]);
  });
});
