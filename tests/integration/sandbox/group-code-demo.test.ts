/**
 * The sandbox's demo group code against the WeCom simulator: the demo set-up makes it
 * through the admin API (join way and welcome template in the simulator), customers scan
 * its QR code in the simulator and WeCom's change_external_chat callbacks reach the
 * product, and once the first group holds its cap the simulator's join way lists the
 * second group only, so the next scans land there. Real WecomClient, Redis and SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_CODE, DEMO_MEMBERS } from '../../../src/sandbox/demo-content.ts';
import { setUpDemo } from '../../../src/sandbox/sandbox-driver.ts';
import { simulatedCustomers } from '../../../src/sandbox/sandbox-mode.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const ADMIN_TOKEN = 'group-code-demo-admin-token-0001';
const CALLBACK = { corpId: FIXTURE_CORP_ID, token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY };
const [FIRST, SECOND] = DEMO_GROUP_CODE.groups.map((g) => g.chatId) as [string, string];

describe('sandbox demo group code', () => {
  let database: TestDatabase;
  let app: TestApp;
  let simulator: WecomApiSimulator;
  const admin = async <T>(path: string) => (await (await fetch(`${app.baseUrl}/api/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as T;

  beforeAll(async () => {
    simulator = await startWecomApiSimulator({ corpId: FIXTURE_CORP_ID, secrets: ['contact', 'agent'] });
    for (const member of DEMO_MEMBERS) simulator.world.addMember(member);
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: systemClock,
      env: { WECOM_API_BASE: simulator.url, WECOM_CONTACT_SECRET: 'contact', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
  });

  afterAll(async () => {
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await simulator?.close();
    await database?.drop();
  });

  it('should roll the demo code over to the second group once the first holds the cap', async () => {
    const customers = simulatedCustomers(simulator);
    const demo = await setUpDemo({ productUrl: app.baseUrl, adminToken: ADMIN_TOKEN, callback: CALLBACK, simulator: customers, ratePerSecond: 0, logger: createRootLogger('silent') });
    const way = () => simulator.world.joinWays.get(demo.groupCodeConfigId)!;
    expect(way().chatIds).toEqual([FIRST, SECOND]);
    expect([...simulator.world.groupWelcomeTemplates.values()].map((t) => t.content)).toEqual([{ text: { content: DEMO_GROUP_CODE.welcome.text } }]);

    // The owner is the first member: cap - 1 customers fill the first group.
    const landed: string[] = [];
    for (let i = 0; i < DEMO_GROUP_CODE.capPerGroup; i++) {
      const member = `wmDemoJoin${String(i).padStart(4, '0')}`;
      const { chatId } = customers.scanJoinWay(demo.groupCodeConfigId, member);
      landed.push(chatId);
      const now = Math.floor(Date.now() / 1000);
      const xml = sampleEventXml('chat_add_member', { corpId: FIXTURE_CORP_ID, createTime: now, chatId, externalUserId: member });
      const { query, body } = buildSignedCallback({ ...CALLBACK, xml, timestamp: String(now), nonce: `demo${i}` });
      expect((await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(200);
      await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === i + 1, 15_000, `join ${i + 1}`);
    }

    const cap = DEMO_GROUP_CODE.capPerGroup;
    expect(landed).toEqual([...Array<string>(cap - 1).fill(FIRST), SECOND]);
    expect(way().chatIds).toEqual([SECOND]);
    const [code] = (await admin<{ items: { id: number; groups: { chatId: string; members: number }[] }[] }>('/group-codes')).items;
    expect(code!.groups).toEqual([expect.objectContaining({ chatId: FIRST, members: cap }), expect.objectContaining({ chatId: SECOND, members: 2 })]);
    const stats = await admin<{ totals: { joins: number } }>(`/group-codes/${code!.id}/stats?days=1`);
    expect(stats.totals.joins).toBe(cap);
  });
});
