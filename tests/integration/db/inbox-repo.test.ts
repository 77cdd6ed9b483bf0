/**
 * SqlInboxStore against real SQLite and PostgreSQL: the dedupe key is the permanent
 * guard (within a batch, across batches and across writers), and status moves
 * received → processed | failed exactly as the workers and the sweeper rely on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqlInboxStore } from '../../../src/db/inbox-repo.ts';
import { openDatabase } from '../../../src/db/prisma.ts';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import type { InboxEntry } from '../../../src/domain/ports.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const T0 = new Date('2026-11-27T08:00:00.000Z');

function entry(n: number, receivedAt = T0): InboxEntry {
  const event: ContactChangedEvent = {
    type: 'contact_changed',
    change: 'add_external_contact',
    corpId: 'ww0123456789abcdef',
    createTime: 1717000000,
    userId: 'sales.li',
    externalUserId: `wmCustomer${String(n).padStart(20, '0')}`,
  };
  return { dedupeKey: `evt-test-${n}`, event, receivedAt };
}

describe.each(PROVIDERS)('SqlInboxStore (%s)', (provider) => {
  let database: TestDatabase;
  let store: SqlInboxStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = new SqlInboxStore(database.connection.sql);
  });

  beforeEach(async () => {
    await database.db.inboxEvent.deleteMany();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should report new keys as true and stored or repeated keys as false', async () => {
    expect(await store.addMany([entry(1), entry(2)])).toEqual([true, true]);
    expect(await store.addMany([entry(2), entry(3), entry(3)])).toEqual([false, true, false]);
    expect(await database.db.inboxEvent.count()).toBe(3);
  });

  it('should round-trip the event with ids as strings and the receive time', async () => {
    await store.add(entry(7));
    const stored = await store.get('evt-test-7');
    expect(stored).toMatchObject({ dedupeKey: 'evt-test-7', status: 'received', attempts: 0, processedAt: null });
    expect(stored?.event).toEqual(entry(7).event);
    expect(stored?.receivedAt.toISOString()).toBe(T0.toISOString());
    expect(await store.get('evt-missing')).toBeNull();
  });

  it('should group concurrent single adds into few writes and answer each caller', async () => {
    const results = await Promise.all([...Array.from({ length: 200 }, (_, i) => store.add(entry(i))), store.add(entry(0))]);
    expect(results.filter(Boolean)).toHaveLength(200);
    expect(await database.db.inboxEvent.count()).toBe(200);
  });

  it('should store each key once when 50 writers race to insert overlapping keys', async () => {
    // SQLite: one connection per process (better-sqlite3 is synchronous, so a second
    // in-process connection would block the event loop waiting for the first); other
    // processes sharing the file wait on busy_timeout. PostgreSQL: separate pools.
    const clients = provider === 'postgresql' ? await Promise.all(Array.from({ length: 5 }, () => openDatabase(database.url))) : [];
    try {
      const stores = clients.length > 0 ? clients.map((connection) => new SqlInboxStore(connection.sql)) : [store];
      const writers = Array.from({ length: 50 }, (_, w) => ({ store: stores[w % stores.length]!, first: (w % 10) * 10 }));
      const batches = await Promise.all(writers.map(({ store: s, first }) => s.addMany(Array.from({ length: 20 }, (_, i) => entry(first + i)))));
      const newCounts = new Map<string, number>();
      batches.forEach((results, b) =>
        results.forEach((isNew, i) => {
          if (!isNew) return;
          const key = `evt-test-${writers[b]!.first + i}`;
          newCounts.set(key, (newCounts.get(key) ?? 0) + 1);
        }),
      );
      expect(await database.db.inboxEvent.count()).toBe(110);
      expect(newCounts.size).toBe(110);
      expect([...newCounts.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await Promise.all(clients.map((connection) => connection.close()));
    }
  });

  it('should list only received entries older than the cut-off, oldest first, up to the limit', async () => {
    await store.addMany([entry(1, new Date(T0.getTime() - 3_000)), entry(2, new Date(T0.getTime() - 2_000)), entry(3, new Date(T0.getTime() - 1_000)), entry(4, T0)]);
    await store.markProcessed('evt-test-2', T0);
    const listed = await store.listUnprocessed(new Date(T0.getTime() - 500), 10);
    expect(listed.map((e) => e.dedupeKey)).toEqual(['evt-test-1', 'evt-test-3']);
    expect((await store.listUnprocessed(T0, 1)).map((e) => e.dedupeKey)).toEqual(['evt-test-1']);
  });

  it('should mark processed once and keep the first processing time', async () => {
    await store.add(entry(1));
    await store.markProcessed('evt-test-1', new Date(T0.getTime() + 1_000));
    await store.markProcessed('evt-test-1', new Date(T0.getTime() + 9_000));
    const stored = await store.get('evt-test-1');
    expect(stored?.status).toBe('processed');
    expect(stored?.attempts).toBe(1);
    expect(stored?.processedAt?.getTime()).toBe(T0.getTime() + 1_000);
  });

  it('should mark concurrent jobs processed together, each once, the first time winning', async () => {
    await store.addMany(Array.from({ length: 100 }, (_, i) => entry(i)));
    const at = (s: number) => new Date(T0.getTime() + s * 1_000);
    await Promise.all([...Array.from({ length: 100 }, (_, i) => store.markProcessed(`evt-test-${i}`, at(1))), store.markProcessed('evt-test-0', at(5))]);
    expect(await database.db.inboxEvent.count({ where: { status: 'processed' } })).toBe(100);
    const first = await store.get('evt-test-0');
    expect(first).toMatchObject({ status: 'processed', attempts: 1 });
    expect(first?.processedAt?.getTime()).toBe(at(1).getTime());
  });

  it('should count failed attempts and move the entry to failed on the final one', async () => {
    await store.add(entry(1));
    await store.recordFailure('evt-test-1', 'boom', false);
    expect(await store.get('evt-test-1')).toMatchObject({ status: 'received', attempts: 1 });
    await store.recordFailure('evt-test-1', 'boom again', true);
    const row = await database.db.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: 'evt-test-1' } });
    expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: 'boom again' });
    expect(await store.listUnprocessed(new Date(T0.getTime() + 1), 10)).toEqual([]);
  });
});
