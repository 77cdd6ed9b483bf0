import { describe, expect, it, vi } from 'vitest';
import { acceptCallback } from '../../../src/app/accept-callback.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { InMemoryEventQueue, InMemoryInboxStore, inboxEntry, silentLogger } from '../../helpers/fakes.ts';

const FIXTURE_RECEIVED_AT = new Date('2024-05-29T16:26:40.000Z');

/** Lets the fire-and-forget enqueue and its error handler run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function world() {
  const inbox = new InMemoryInboxStore();
  const eventQueue = new InMemoryEventQueue();
  const onEnqueueFailed = vi.fn();
  return { inbox, eventQueue, onEnqueueFailed, deps: { inbox, eventQueue, logger: silentLogger(), onEnqueueFailed } };
}

describe('acceptCallback()', () => {
  it('should store the entry and queue its key when the delivery is new', async () => {
    const { inbox, eventQueue, onEnqueueFailed, deps } = world();
    const entry = inboxEntry('evt-new', FIXTURE_RECEIVED_AT);

    await expect(acceptCallback(deps, entry)).resolves.toEqual({ duplicate: false });
    await settle();

    expect(await inbox.get('evt-new')).toMatchObject({
      dedupeKey: 'evt-new',
      event: entry.event,
      receivedAt: FIXTURE_RECEIVED_AT,
      status: 'received',
      attempts: 0,
      processedAt: null,
    });
    expect(eventQueue.enqueued).toEqual(['evt-new']);
    expect(onEnqueueFailed).not.toHaveBeenCalled();
  });

  it('should report a duplicate and not queue again when the same key is delivered twice', async () => {
    const { inbox, eventQueue, deps } = world();
    await acceptCallback(deps, inboxEntry('evt-retry', FIXTURE_RECEIVED_AT));
    await settle();

    const replay = await acceptCallback(deps, inboxEntry('evt-retry', new Date(FIXTURE_RECEIVED_AT.getTime() + 5_000)));
    await settle();

    expect(replay).toEqual({ duplicate: true });
    expect(eventQueue.attempts).toEqual(['evt-retry']);
    expect(inbox.size).toBe(1);
    expect((await inbox.get('evt-retry'))?.receivedAt).toEqual(FIXTURE_RECEIVED_AT);
  });

  it('should keep the entry, report it new and call onEnqueueFailed when the queue is down', async () => {
    const { inbox, eventQueue, onEnqueueFailed, deps } = world();
    eventQueue.down = true;

    await expect(acceptCallback(deps, inboxEntry('evt-queue-down', FIXTURE_RECEIVED_AT))).resolves.toEqual({
      duplicate: false,
    });
    await settle();

    expect((await inbox.get('evt-queue-down'))?.status).toBe('received');
    expect(eventQueue.attempts).toEqual(['evt-queue-down']);
    expect(eventQueue.enqueued).toEqual([]);
    expect(onEnqueueFailed).toHaveBeenCalledTimes(1);
  });

  it('should log a warning naming the key when the queue is down', async () => {
    const lines: string[] = [];
    const logger = createRootLogger('warn', { write: (line: string) => void lines.push(line) });
    const inbox = new InMemoryInboxStore();
    const eventQueue = new InMemoryEventQueue();
    eventQueue.down = true;

    await acceptCallback({ inbox, eventQueue, logger }, inboxEntry('evt-logged', FIXTURE_RECEIVED_AT));
    await settle();

    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 40, dedupeKey: 'evt-logged', err: { message: expect.stringMatching(/ECONNREFUSED/) } });
  });

  it('should reject and queue nothing when the inbox cannot store the entry', async () => {
    const { inbox, eventQueue, deps } = world();
    inbox.failWith = new Error('database is locked');

    await expect(acceptCallback(deps, inboxEntry('evt-db-down', FIXTURE_RECEIVED_AT))).rejects.toThrow('database is locked');
    await settle();
    expect(eventQueue.attempts).toEqual([]);
  });
});
