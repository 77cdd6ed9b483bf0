/**
 * /api/admin/campaigns over real HTTP (the admin app with its gate) on SQLite and
 * PostgreSQL: defaults cut to the campaign's length, rules merged key by key, the robot
 * key write-only and removable, and refusals that name the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminTestApp, FIXTURE_ADMIN_TOKEN } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const CAMPAIGN = { name: '7天打卡', chatIds: ['wrGroupA'], startDate: '2026-12-01', days: 7 };

describe.each(PROVIDERS)('admin API campaigns (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;
  type CampaignJson = { id: number; timezone: string; status: string; rules: Record<string, unknown> & { stages: { day: number }[]; summaryWebhook: boolean } };
  const create = async (body: unknown) => {
    const response = await app.request('POST', '/api/admin/campaigns', { body });
    expect(response.status).toBe(201);
    return (await response.json()) as CampaignJson;
  };
  const refusal = async (response: Response) => {
    expect(response.status).toBe(400);
    return ((await response.json()) as { message: string }).message;
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should refuse without the admin token', async () => {
    expect((await app.request('GET', '/api/admin/campaigns', { token: null })).status).toBe(401);
  });

  it("should apply the defaults cut to the campaign's length, and never return the robot key", async () => {
    const campaign = await create({ ...CAMPAIGN, rules: { summaryWebhookKey: 'robot-key-0123456789' } });
    expect(campaign).toMatchObject({ timezone: 'Asia/Shanghai', status: 'active' });
    // The default day-21 stage does not fit 7 days; the day-7 one does.
    expect(campaign.rules.stages.map((s) => s.day)).toEqual([7]);
    expect(campaign.rules.summaryWebhook).toBe(true);
    expect(JSON.stringify(campaign)).not.toContain('robot-key');
    const listed = (await (await app.request('GET', '/api/admin/campaigns')).json()) as { items: CampaignJson[] };
    expect(JSON.stringify(listed)).not.toContain('robot-key');
  });

  it('should merge a rules patch key by key and switch the summary off with a null key', async () => {
    const campaign = await create({ ...CAMPAIGN, rules: { keywords: ['打卡'], summaryWebhookKey: 'robot-key-0123456789' } });
    const patched = await app.request('PATCH', `/api/admin/campaigns/${campaign.id}`, { body: { rules: { pointsPerCheckIn: 20 } } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as CampaignJson).rules).toMatchObject({ pointsPerCheckIn: 20, keywords: ['打卡'], summaryWebhook: true });
    const off = (await (await app.request('PATCH', `/api/admin/campaigns/${campaign.id}`, { body: { rules: { summaryWebhookKey: null } } })).json()) as CampaignJson;
    expect(off.rules).toMatchObject({ pointsPerCheckIn: 20, summaryWebhook: false });
    const archived = (await (await app.request('PATCH', `/api/admin/campaigns/${campaign.id}`, { body: { status: 'archived' } })).json()) as CampaignJson;
    expect(archived.status).toBe('archived');
  });

  it('should refuse bad fields by name, on create and on patch', async () => {
    expect(await refusal(await app.request('POST', '/api/admin/campaigns', { body: { ...CAMPAIGN, timezone: 'Mars/Base' } }))).toContain('timezone');
    expect(await refusal(await app.request('POST', '/api/admin/campaigns', { body: { ...CAMPAIGN, startDate: '2026-02-30' } }))).toContain('startDate');
    expect(await refusal(await app.request('POST', '/api/admin/campaigns', { body: { ...CAMPAIGN, rules: { patterns: ['第(天'] } } }))).toContain('rules.patterns');
    expect(await refusal(await app.request('POST', '/api/admin/campaigns', { body: { ...CAMPAIGN, rules: { stages: [{ day: 30, reward: '大礼' }] } } }))).toContain("rules.stages: day 30 is beyond the campaign's 7 days");
    const campaign = await create(CAMPAIGN);
    const nothingCounts = await app.request('PATCH', `/api/admin/campaigns/${campaign.id}`, { body: { rules: { keywords: [], patterns: [], imageCounts: false } } });
    expect(await refusal(nothingCounts)).toBe('rules: give keywords, patterns or imageCounts, or nothing counts as a check-in');
    expect((await app.request('PATCH', '/api/admin/campaigns/999999', { body: { name: 'x' } })).status).toBe(404);
  });
});
