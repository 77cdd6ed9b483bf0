import { describe, expect, it } from 'vitest';
import { acceptCallback } from '../../../src/app/accept-callback.ts';
import { requeueUnprocessed } from '../../../src/app/requeue-unprocessed.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { InMemoryEventQueue, InMemoryInboxStore, inboxEntry, silentLogger } from '../../helpers/fakes.ts';

const FIXTURE_NOW = new Date('2024-05-29T16:30:00.000Z');
const GRACE_MS = 60_000;

const ago = (ms: number): Date => new Date(FIXTURE_NOW.getTime() - ms);

function world() {
  const inbox = new InMemoryInboxStore();
  const eventQueue = new InMemoryEventQueue();
  const clock = fixedClock(FIXTURE_NOW);
  return { inbox, eventQueue, clock, deps: { inbox, eventQueue, clock } };
}

describe('requeueUnprocessed()', () => {
  it('should queue only received entries older than the grace period, oldest first', async () => {
    const { inbox, eventQueue, deps } = world();
    await inbox.addMany([
      inboxEntry('evt-old-b', ago(5 * 60_000)),
      inboxEntry('evt-fresh', ago(10_000)),
      inboxEntry('evt-old-a', ago(10 * 60_000)),
      inboxEntry('evt-processed', ago(20 * 60_000)),
      inboxEntry('evt-failed', ago(30 * 60_000)),
      inboxEntry('evt-retrying', ago(2 * 60_000)),
    ]);
    await inbox.markProcessed('evt-processed', ago(19 * 60_000));
    await inbox.recordFailure('evt-failed', 'gave up', true);
    await inbox.recordFailure('evt-retrying', 'temporary', false);

    const count = await requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 100 });

    expect(count).toBe(3);
    expect(eventQueue.enqueued).toEqual(['evt-old-a', 'evt-old-b', 'evt-retrying']);
  });

  it('should leave an entry alone when it arrived exactly at the grace boundary', async () => {
    const { inbox, eventQueue, deps } = world();
    await inbox.add(inboxEntry('evt-boundary', ago(GRACE_MS)));

    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(0);
    expect(eventQueue.attempts).toEqual([]);
  });

  it('should queue at most limit entries, the oldest, when more are waiting', async () => {
    const { inbox, eventQueue, deps } = world();
    await inbox.addMany([1, 2, 3, 4, 5].map((n) => inboxEntry(`evt-${n}`, ago(n * 60_000 + GRACE_MS))));

    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 2 })).resolves.toBe(2);
    expect(eventQueue.enqueued).toEqual(['evt-5', 'evt-4']);
  });

  it('should return 0 and not call the queue when nothing is waiting', async () => {
    const { eventQueue, deps } = world();
    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(0);
    expect(eventQueue.attempts).toEqual([]);
  });

  it('should count an entry that is already queued without queueing it twice', async () => {
    const { inbox, eventQueue, deps } = world();
    await inbox.add(inboxEntry('evt-queued', ago(2 * GRACE_MS)));
    await eventQueue.enqueue('evt-queued');

    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(1);
    expect(eventQueue.enqueued).toEqual(['evt-queued']);
  });

  it('should reject and keep the entries for the next sweep when the queue is down', async () => {
    const { inbox, eventQueue, deps } = world();
    await inbox.add(inboxEntry('evt-waiting', ago(2 * GRACE_MS)));
    eventQueue.down = true;

    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).rejects.toThrow(/queue unavailable/);
    expect((await inbox.get('evt-waiting'))?.status).toBe('received');

    eventQueue.down = false;
    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(1);
    expect(eventQueue.enqueued).toEqual(['evt-waiting']);
  });

  it('should queue an event accepted while the queue was down once the grace period has passed', async () => {
    const { inbox, eventQueue, clock, deps } = world();
    eventQueue.down = true;
    await acceptCallback({ inbox, eventQueue, logger: silentLogger() }, inboxEntry('evt-missed', clock.now()));
    await new Promise((resolve) => setImmediate(resolve));
    eventQueue.down = false;

    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(0);
    clock.advance(GRACE_MS + 1);
    await expect(requeueUnprocessed(deps, { olderThanMs: GRACE_MS, limit: 10 })).resolves.toBe(1);
    expect(eventQueue.enqueued).toEqual(['evt-missed']);
  });
});
