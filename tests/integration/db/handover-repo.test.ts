/** PrismaHandoverStore against real SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaHandoverStore } from '../../../src/db/handover-repo.ts';
import type { HandoverRecord } from '../../../src/domain/contact/handover.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const row = (externalUserId: string, takeoverUserId: string, overrides: Partial<HandoverRecord> = {}): HandoverRecord => ({
  kind: 'on_job', handoverUserId: 'sales.leave', takeoverUserId, externalUserId, status: 'waiting', requestedAt: 100, ...overrides,
});

describe.each(PROVIDERS)('PrismaHandoverStore (%s)', (provider) => {
  let database: TestDatabase;
  let store: PrismaHandoverStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = new PrismaHandoverStore(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should list waiting pairs once each, apply results to waiting rows only, and end a failed one', async () => {
    await store.record([row('c1', 'a'), row('c2', 'a'), row('c3', 'b'), row('c4', 'b', { status: 'rejected', errcode: 40129 })]);

    expect(await store.waitingPairs()).toEqual([
      { kind: 'on_job', handoverUserId: 'sales.leave', takeoverUserId: 'a' },
      { kind: 'on_job', handoverUserId: 'sales.leave', takeoverUserId: 'b' },
    ]);
    expect(await store.waitingFrom('sales.leave', ['c1', 'c3', 'c4', 'c9'])).toEqual(new Set(['c1', 'c3']));

    const pairA = { kind: 'on_job' as const, handoverUserId: 'sales.leave', takeoverUserId: 'a' };
    expect(await store.applyResults(pairA, [{ externalUserId: 'c1', status: 'completed', takeoverTime: 500 }, { externalUserId: 'c2', status: 'waiting' }], 200)).toBe(1);
    await store.markFailed('b', 'c3', 'limit_exceeded', 300);
    await store.markFailed('b', 'c4', 'refused', 300);

    const listed = await store.list({ handoverUserId: 'sales.leave', limit: 10 });
    expect(Object.fromEntries(listed.map((r) => [r.externalUserId, [r.status, r.errcode ?? null, r.takeoverTime ?? null]]))).toEqual({
      c1: ['completed', null, 500],
      c2: ['waiting', null, null],
      c3: ['limit_exceeded', null, null],
      c4: ['rejected', 40129, null],
    });
    expect(await store.list({ status: 'waiting', limit: 10 })).toEqual([row('c2', 'a')]);
  });
});
