/**
 * Sandbox mode for a short burst: the real product (web, worker, welcome roles, Redis,
 * SQLite) against the local WeCom simulator, set up as the demo corp through the admin
 * API, with simulated customers scanning the channel code, writing to customer service
 * and ordering. Asserted through the product's own APIs: customers created with the
 * channel's tag, one welcome per add, intents stored, tasks created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBERS } from '../../../src/sandbox/demo-content.ts';
import { setUpDemo, startCustomerTraffic } from '../../../src/sandbox/sandbox-driver.ts';
import { createSandboxGroup, type SandboxGroup } from '../../../src/sandbox/sandbox-group.ts';
import { simulatedCustomers } from '../../../src/sandbox/sandbox-mode.ts';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const ADMIN_TOKEN = 'sandbox-burst-admin-token-000001';

describe('sandbox burst', () => {
  let database: TestDatabase;
  let app: TestApp;
  let simulator: WecomApiSimulator;
  let group: SandboxGroup;
  const admin = async <T>(path: string) =>
    (await (await fetch(`${app.baseUrl}/api/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as T;

  beforeAll(async () => {
    simulator = await startWecomApiSimulator({ corpId: FIXTURE_CORP_ID, secrets: ['contact', 'agent'] });
    for (const member of DEMO_MEMBERS) simulator.world.addMember(member);
    database = await createTestDatabase('sqlite');
    group = createSandboxGroup(simulator);
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker', 'welcome', 'bot'],
      botPuppet: group.puppet,
      clock: systemClock,
      env: { WECOM_API_BASE: simulator.url, WECOM_CONTACT_SECRET: 'contact', WECOM_AGENT_SECRET: 'agent', WECOM_AGENT_ID: '1000002', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    group.login();
  });

  afterAll(async () => {
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await simulator?.close();
    await database?.drop();
  });

  it('should turn simulated customers into tagged, welcomed, classified customers with tasks', async () => {
    const options = {
      productUrl: app.baseUrl,
      adminToken: ADMIN_TOKEN,
      callback: { corpId: FIXTURE_CORP_ID, token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY },
      simulator: simulatedCustomers(simulator),
      group,

      ratePerSecond: 25,
      logger: createRootLogger('silent'),
    };
    const demo = await setUpDemo(options);
    const traffic = startCustomerTraffic(options, demo);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    traffic.stop();
    const adds = traffic.customers.length;
    expect(adds).toBeGreaterThan(5);

    await waitUntil(async () => (await database.db.welcomeSend.count()) === adds, 20_000, 'a welcome per add');
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: { not: 'processed' } } })) === 0, 20_000, 'every event processed');
    const sends = await database.db.welcomeSend.findMany();
    expect(sends.every((send) => send.result === 'sent')).toBe(true);
    expect(new Set(sends.map((s) => s.externalUserId)).size).toBe(adds);

    const list = await admin<{ items: { externalUserId: string; followers: { tagIds: string[]; state: string | null }[] }[] }>('/customers?limit=200');
    expect(list.items).toHaveLength(adds);
    const sourceTag = (await admin<{ groups: { name: string; tags: { tagId: string; name: string }[] }[] }>('/tags')).groups.find((g) => g.name === '来源')!.tags.find((t) => t.name === '直播间')!.tagId;
    expect(list.items.every((c) => c.followers.some((f) => f.state === demo.channelState && f.tagIds.includes(sourceTag)))).toBe(true);

    const classified = await database.db.chatMessage.count({ where: { intent: { not: null } } });
    expect(classified).toBeGreaterThan(0);
    expect(await database.db.chatMessage.count({ where: { intent: null, direction: 'in' } })).toBe(0);
    const tasks = await admin<{ items: { scene: string }[] }>('/tasks?limit=500');
    expect(tasks.items.length).toBeGreaterThan(0);

    // The demo campaign runs in the bot's group, and its members' check-ins are counted.
    const campaigns = await admin<{ items: { id: number; name: string; chatIds: string[] }[] }>('/campaigns');
    const campaign = campaigns.items.find((c) => c.name === '21天胶原蛋白打卡')!;
    expect(campaign.chatIds).toEqual([group.chatId]);
    await waitUntil(async () => (await app.container.checkIns.ledger.checkIns(campaign.id)).length > 0, 10_000, 'a check-in');
    const health = await admin<{ pointsAwarded: number }>(`/campaigns/${campaign.id}/health`);
    expect(health.pointsAwarded).toBeGreaterThan(0);
    // A newcomer joined: the change_external_chat callback is in the group history, and the roster has a join time.
    await waitUntil(async () => (await database.db.groupMemberChange.count({ where: { chatId: group.chatId, kind: 'join' } })) > 0, 10_000, 'the join callback');
    expect((await app.container.checkIns.roster.members([group.chatId])).some((m) => m.joinedAt !== undefined)).toBe(true);
  });
});
