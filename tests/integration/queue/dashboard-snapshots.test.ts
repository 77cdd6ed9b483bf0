/**
 * Dashboard figures read through snapshots in real Redis: a fresh snapshot is served
 * without SQL, a stale one is served while exactly one reader recomputes it, an unknown
 * range is computed while the caller waits, concurrent cold readers share one
 * computation, and stage counts (a Map) survive the round trip.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetRanges, snapshotDashboardQueries, warmDashboard } from '../../../src/app/admin/dashboard-snapshots.ts';
import { dashboardWindow, type TimeWindow } from '../../../src/domain/metrics/dashboard.ts';
import type { DashboardQueries } from '../../../src/domain/ports.ts';
import { RedisSnapshots } from '../../../src/queue/redis-snapshots.ts';
import { createProducerConnection } from '../../../src/queue/redis.ts';
import { fixedClock } from '../../../src/shared/clock.ts';

const redis = createProducerConnection(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6391');
const WINDOW = { start: 1_795_000_000, end: 1_795_086_400 };

/** Answers like the SQL adapter, counting calls; `served` says which computation answered. */
function countingQueries() {
  const calls = { period: 0, stages: 0, daily: 0, loads: 0, breakdown: 0 };
  let generation = 0;
  const queries: DashboardQueries = {
    dailyCounts: async () => (calls.daily++, []),
    periodCounts: async () => {
      calls.period++;
      generation++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { served: generation, repliers: 0, buyers: 0, repeatBuyers: 0, revenueFen: 0, topRevenueFen: 0 };
    },
    stageCounts: async () => (calls.stages++, new Map([['new', 3], ['lapsed', 1]])),
    salespersonLoads: async () => (calls.loads++, []),
    breakdownCounts: async () => (calls.breakdown++, []),
  };
  return { queries, calls };
}

/** Lets a background refresh finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('dashboard snapshots in Redis', () => {
  let snapshots: RedisSnapshots;

  beforeAll(async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });

  afterAll(async () => {
    await redis.quit();
  });

  const fresh = () => {
    snapshots = new RedisSnapshots(redis, `test-snapshot-${randomBytes(4).toString('hex')}`);
    const clock = fixedClock(new Date('2026-11-28T04:00:00Z'));
    const { queries, calls } = countingQueries();
    const policy = { freshSeconds: 300, keepSeconds: 3600 };
    return { clock, calls, queries, read: snapshotDashboardQueries(queries, { snapshots, clock, policy }) };
  };

  it('should compute an unknown range once for concurrent readers, then serve it without SQL while fresh', async () => {
    const { read, calls, clock } = fresh();
    const [a, b] = await Promise.all([read.periodCounts(WINDOW, 15), read.periodCounts(WINDOW, 15)]);
    expect([a.served, b.served, calls.period]).toEqual([1, 1, 1]);
    clock.advance(299_000);
    expect((await read.periodCounts(WINDOW, 15)).served).toBe(1);
    expect(calls.period).toBe(1);
    // Another range is another snapshot.
    await read.periodCounts({ ...WINDOW, end: WINDOW.end + 86_400 }, 15);
    expect(calls.period).toBe(2);
  });

  it('should serve a stale snapshot at once while one reader recomputes it, then the new one', async () => {
    const { read, calls, clock, queries } = fresh();
    await read.periodCounts(WINDOW, 15);
    clock.advance(301_000);
    // A second process sharing the store: only one of the two claims the refresh.
    const other = snapshotDashboardQueries(queries, { snapshots, clock, policy: { freshSeconds: 300, keepSeconds: 3600 } });
    const [mine, theirs] = await Promise.all([read.periodCounts(WINDOW, 15), other.periodCounts(WINDOW, 15)]);
    expect([mine.served, theirs.served]).toEqual([1, 1]);
    await settle();
    expect(calls.period).toBe(2);
    expect((await read.periodCounts(WINDOW, 15)).served).toBe(2);
  });

  it('should compute again while the caller waits once a snapshot is past keeping', async () => {
    const { read, calls, clock } = fresh();
    await read.periodCounts(WINDOW, 15);
    clock.advance(3_601_000);
    expect((await read.periodCounts(WINDOW, 15)).served).toBe(2);
    expect(calls.period).toBe(2);
  });

  it('should keep stage counts as a Map and let the warm task refresh the console presets', async () => {
    const { read, calls, clock, queries } = fresh();
    await read.stageCounts();
    expect(await read.stageCounts()).toEqual(new Map([['new', 3], ['lapsed', 1]]));
    expect(calls.stages).toBe(1);

    expect(await warmDashboard({ snapshots, clock, dashboard: queries })).toBe(2);
    // Two presets × (dashboard: one of each query; breakdown: one per dimension).
    expect([calls.daily, calls.period, calls.stages, calls.breakdown]).toEqual([2, 2, 3, 4]);
    const [week] = presetRanges(Math.floor(clock.now().getTime() / 1000));
    expect(week).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    // The warmed 7-day figures are now read without SQL.
    const before = calls.daily;
    await read.dailyCounts(dashboardWindow(week!.from, week!.to) as TimeWindow);
    expect(calls.daily).toBe(before);
  });
});
