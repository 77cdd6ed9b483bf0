/**
 * Nothing acknowledged is lost when Redis fails: callbacks during an outage are stored
 * and answered 200 at once, and the sweeper queues them when Redis is back; acknowledged
 * jobs survive a kill -9 of Redis thanks to the AOF.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/shared/clock.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { TestRedisServer } from '../../helpers/redis-server.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

async function postSampleEvent(app: TestApp): Promise<{ status: number; ms: number }> {
  const now = Math.floor(Date.now() / 1000);
  const xml = sampleEventXml('add_external_contact', { corpId: FIXTURE_CORP_ID, createTime: now });
  const { query, body } = buildSignedCallback({
    token: FIXTURE_TOKEN,
    encodingAesKey: FIXTURE_ENCODING_AES_KEY,
    corpId: FIXTURE_CORP_ID,
    xml,
    timestamp: String(now),
  });
  const started = performance.now();
  const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: response.status, ms: performance.now() - started };
}

describe('callbacks while Redis is down', () => {
  let redis: TestRedisServer;
  let database: TestDatabase;
  let app: TestApp;

  beforeEach(async () => {
    redis = await TestRedisServer.start();
    database = await createTestDatabase('sqlite');
  });

  afterEach(async () => {
    await app?.close();
    await redis.destroy();
    await database.drop();
  });

  it('should answer 200 from the inbox and process every event once Redis is back', async () => {
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: systemClock,
      redisUrl: redis.url,
      sweeper: { intervalMs: 200, graceMs: 300 },
    });
    expect((await postSampleEvent(app)).status).toBe(200);
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 1, 10_000, 'the first event');

    await redis.stop('SIGKILL');
    const during = [];
    for (let i = 0; i < 20; i++) during.push(await postSampleEvent(app));
    expect(during.map((r) => r.status)).toEqual(Array(20).fill(200));
    // Acknowledging must not wait for Redis (WeCom gives up after 5 s).
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(2_500);
    expect(await database.db.inboxEvent.count()).toBe(21);
    expect(await database.db.inboxEvent.count({ where: { status: 'received' } })).toBe(20);
    const readiness = await (await fetch(`${app.baseUrl}/readyz`)).json();
    expect(readiness).toMatchObject({ ok: false, checks: { redis: { ok: false }, database: { ok: true } } });

    await redis.restart();
    await waitUntil(
      async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 21,
      30_000,
      'every stored event to be processed',
    );
    const rows = await database.db.inboxEvent.findMany();
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });

  it('should keep every acknowledged job across a kill -9 of redis-server (AOF on)', async () => {
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: systemClock, redisUrl: redis.url });
    const queue = app.container.eventQueue.queue;
    const keys: string[] = [];
    for (let i = 0; i < 200; i++) keys.push(`evt-aof-${i}`);
    // Each addBulk resolves only once Redis has answered: these enqueues are acknowledged.
    for (let i = 0; i < keys.length; i += 50) await app.container.eventQueue.enqueueMany(keys.slice(i, i + 50));
    expect(await queue.getWaitingCount()).toBe(200);

    await redis.stop('SIGKILL');
    await redis.restart();
    await waitUntil(async () => (await queue.getWaitingCount().catch(() => -1)) === 200, 10_000, 'jobs after restart');
    const ids = (await queue.getWaiting(0, 199)).map((job) => job.id).sort();
    expect(ids).toEqual([...keys].sort());
  });
});
