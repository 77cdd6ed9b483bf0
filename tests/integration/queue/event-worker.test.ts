/**
 * The worker path end to end: callback → inbox → BullMQ → handlers → processed, with
 * the effect once per event even across replays after the job is gone, poison events
 * moved to failed without blocking others, and a graceful stop that finishes jobs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import type { EventHandlers } from '../../../src/domain/ports.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const FIXTURE_NOW_SEC = 1717000000;
const clock = fixedClock(new Date(FIXTURE_NOW_SEC * 1000));

const eventXml = (externalUserId: string) =>
  sampleEventXml('add_external_contact', { corpId: FIXTURE_CORP_ID, createTime: FIXTURE_NOW_SEC, externalUserId });

function delivery(externalUserIdOrXml: string, nonce = '1') {
  const xml = externalUserIdOrXml.startsWith('<') ? externalUserIdOrXml : eventXml(externalUserIdOrXml);
  return buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(FIXTURE_NOW_SEC), nonce });
}

describe('event worker', () => {
  let database: TestDatabase;
  let app: TestApp;
  let effects: string[];

  const post = async (d: ReturnType<typeof delivery>) =>
    (await fetch(`${app.callbackUrl}?${toQueryString(d.query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: d.body })).status;
  const processed = () => database.db.inboxEvent.count({ where: { status: 'processed' } });

  async function start(handlers: EventHandlers, jobOptions = {}) {
    app = await startTestApp({ databaseUrl: database.url, roles: ['web', 'worker'], clock, eventHandlers: handlers, eventJobOptions: jobOptions });
  }
  const recordEffect: EventHandlers = {
    contact_changed: [async (event: ContactChangedEvent) => void effects.push(event.externalUserId)],
  };

  beforeEach(async () => {
    effects = [];
    database = await createTestDatabase('sqlite');
  });

  afterEach(async () => {
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database.drop();
  });

  it('should run the handlers once and mark the inbox row processed', async () => {
    await start(recordEffect);
    expect(await post(delivery('wmOnce0000000000000000000000001'))).toBe(200);
    await waitUntil(async () => (await processed()) === 1, 10_000, 'processing');
    expect(effects).toEqual(['wmOnce0000000000000000000000001']);
  });

  it('should not repeat the effect when WeCom redelivers after the job has been removed from Redis', async () => {
    await start(recordEffect);
    const xml = eventXml('wmLate0000000000000000000000001');
    expect(await post(delivery(xml, 'first'))).toBe(200);
    await waitUntil(async () => (await processed()) === 1, 10_000, 'processing');
    // BullMQ's job-id dedupe is gone once the job is removed; the inbox key must still hold.
    await app.container.eventQueue.queue.clean(0, 1_000, 'completed');
    expect(await app.container.eventQueue.queue.getCompletedCount()).toBe(0);

    expect(await post(delivery(xml, 'retry'))).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await database.db.inboxEvent.count()).toBe(1);
    expect(await app.container.eventQueue.queue.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: 0, active: 0, completed: 0 });
    expect(effects).toEqual(['wmLate0000000000000000000000001']);
  });

  it('should move a poison event to failed after its attempts while other events are processed', async () => {
    await start(
      {
        contact_changed: [
          async (event: ContactChangedEvent) => {
            if (event.externalUserId.startsWith('wmPoison')) throw new Error('handler always fails');
            effects.push(event.externalUserId);
          },
        ],
      },
      { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    expect(await post(delivery('wmPoison000000000000000000000001'))).toBe(200);
    expect(await post(delivery('wmHealthy00000000000000000000001'))).toBe(200);
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'failed' } })) === 1, 15_000, 'the poison event to fail');
    await waitUntil(async () => (await processed()) === 1, 10_000, 'the healthy event');
    const failed = await database.db.inboxEvent.findFirstOrThrow({ where: { status: 'failed' } });
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toBe('handler always fails');
    expect(await app.container.eventQueue.queue.getFailedCount()).toBe(1);
    expect(effects).toEqual(['wmHealthy00000000000000000000001']);
  });

  it('should finish the jobs in flight and leave none stalled when shut down during a burst', async () => {
    let running = 0;
    await start({
      contact_changed: [
        async (event: ContactChangedEvent) => {
          running++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          effects.push(event.externalUserId);
          running--;
        },
      ],
    });
    const keys = Array.from({ length: 300 }, (_, i) => `evt-burst-${i}`);
    const queue = app.container.eventQueue.queue;
    await app.container.inbox.addMany(keys.map((dedupeKey, i) => ({
      dedupeKey,
      receivedAt: clock.now(),
      event: { type: 'contact_changed', change: 'add_external_contact', corpId: FIXTURE_CORP_ID, createTime: FIXTURE_NOW_SEC, userId: 'sales.li', externalUserId: `wmBurst${i}` },
    })));
    await app.container.eventQueue.enqueueMany(keys);
    await waitUntil(() => running > 0, 5_000, 'jobs to start');
    const stalled: string[] = [];
    app.running.worker?.on('stalled', (id) => stalled.push(id));
    const prefix = app.queuePrefix;
    await app.close();
    expect(running).toBe(0);

    // A fresh worker on the same queue finishes the rest; every event's effect happens once.
    app = await startTestApp({ databaseUrl: database.url, roles: ['worker'], clock, eventHandlers: recordEffect, queuePrefix: prefix });
    await waitUntil(async () => (await processed()) === 300, 30_000, 'all 300 events');
    expect(new Set(effects).size).toBe(300);
    expect(effects).toHaveLength(300);
    expect(stalled).toEqual([]);
    expect(await queue.getFailedCount().catch(() => 0)).toBe(0);
  });
});
