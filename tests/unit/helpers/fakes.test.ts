// The fakes stand in for src/db/inbox-repo.ts and the BullMQ queue in every use-case test,
// so their semantics are pinned here.
import { describe, expect, it } from 'vitest';
import { InMemoryEventQueue, InMemoryInboxStore, inboxEntry } from '../../helpers/fakes.ts';

const T0 = new Date('2024-05-29T16:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

describe('InMemoryInboxStore', () => {
  describe('addMany()', () => {
    it('should return true only for the first occurrence of an unknown key when a batch repeats keys', async () => {
      const inbox = new InMemoryInboxStore();
      await inbox.add(inboxEntry('evt-known', at(0)));

      const result = await inbox.addMany([
        inboxEntry('evt-a', at(1)),
        inboxEntry('evt-known', at(1)),
        inboxEntry('evt-a', at(2)),
        inboxEntry('evt-b', at(3)),
      ]);

      expect(result).toEqual([true, false, false, true]);
      expect(inbox.size).toBe(3);
      expect((await inbox.get('evt-a'))?.receivedAt).toEqual(at(1));
    });
  });

  describe('get()', () => {
    it('should return a copy that the caller cannot use to change the store', async () => {
      const inbox = new InMemoryInboxStore();
      await inbox.add(inboxEntry('evt-copy', at(0)));
      const entry = await inbox.get('evt-copy');
      if (!entry) throw new Error('entry missing');
      entry.status = 'processed';
      entry.receivedAt.setTime(0);

      expect(await inbox.get('evt-copy')).toMatchObject({ status: 'received', receivedAt: at(0) });
      expect(await inbox.get('evt-unknown')).toBeNull();
    });
  });

  describe('markProcessed()', () => {
    it('should keep the first processedAt when the entry is marked processed again', async () => {
      const inbox = new InMemoryInboxStore();
      await inbox.add(inboxEntry('evt-p', at(0)));
      await inbox.markProcessed('evt-p', at(1));
      await inbox.markProcessed('evt-p', at(2));

      expect(await inbox.get('evt-p')).toMatchObject({ status: 'processed', processedAt: at(1), attempts: 1 });
    });
  });

  describe('recordFailure()', () => {
    it('should count attempts and move to failed when the failure is final', async () => {
      const inbox = new InMemoryInboxStore();
      await inbox.add(inboxEntry('evt-f', at(0)));
      await inbox.recordFailure('evt-f', 'timeout', false);
      expect(await inbox.get('evt-f')).toMatchObject({ status: 'received', attempts: 1 });

      await inbox.recordFailure('evt-f', 'timeout again', true);
      expect(await inbox.get('evt-f')).toMatchObject({ status: 'failed', attempts: 2 });
      expect(inbox.lastError('evt-f')).toBe('timeout again');
    });

    it('should change nothing when the entry is no longer received', async () => {
      const inbox = new InMemoryInboxStore();
      await inbox.add(inboxEntry('evt-done', at(0)));
      await inbox.markProcessed('evt-done', at(1));
      await inbox.recordFailure('evt-done', 'late failure', true);

      expect(await inbox.get('evt-done')).toMatchObject({ status: 'processed', attempts: 1 });
      expect(inbox.lastError('evt-done')).toBeNull();
    });
  });
});

describe('InMemoryEventQueue', () => {
  it('should ignore a key that is already queued and accept it again once removed', async () => {
    const queue = new InMemoryEventQueue();
    await queue.enqueueMany(['evt-1', 'evt-2', 'evt-1']);
    await queue.enqueue('evt-2');
    expect(queue.enqueued).toEqual(['evt-1', 'evt-2']);

    queue.remove('evt-1');
    await queue.enqueue('evt-1');
    expect(queue.enqueued).toEqual(['evt-1', 'evt-2', 'evt-1']);
  });

  it('should reject and queue nothing when it is down', async () => {
    const queue = new InMemoryEventQueue();
    queue.down = true;
    await expect(queue.enqueueMany(['evt-1'])).rejects.toThrow(/queue unavailable/);
    expect(queue.isQueued('evt-1')).toBe(false);
    expect(queue.attempts).toEqual(['evt-1']);
  });
});
