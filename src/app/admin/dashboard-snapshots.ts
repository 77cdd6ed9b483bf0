/**
 * The dashboard's figures at a million customers take seconds of SQL (bench:segments),
 * too slow to compute per page view. So they are read through snapshots shared in Redis:
 * a snapshot younger than `freshSeconds` is served as it is; an older one is still served
 * while exactly one process recomputes it in the background; only a range nobody asked
 * for within `keepSeconds` is computed while the admin waits. A worker task keeps the
 * console's preset ranges (last 7 and 30 days) recomputed, so the page opens at once.
 * The figures are at most a few minutes old, which operators reading daily rates accept.
 */
import { dayDate, DASHBOARD_UTC_OFFSET_SEC, type TimeWindow } from '../../domain/metrics/dashboard.ts';
import { BREAKDOWN_DIMENSIONS } from '../../domain/metrics/breakdown.ts';
import type { DashboardQueries, SnapshotStore } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { getBreakdown, getDashboard } from './dashboard.ts';

export interface SnapshotPolicy {
  freshSeconds: number;
  keepSeconds: number;
}

/** Fresh for the warm task's period; kept a day for ranges asked for once. */
export const DASHBOARD_SNAPSHOT_POLICY: SnapshotPolicy = { freshSeconds: 5 * 60, keepSeconds: 24 * 3600 };
/** How often the worker recomputes the console's preset ranges. */
export const DASHBOARD_WARM_EVERY_MS = DASHBOARD_SNAPSHOT_POLICY.freshSeconds * 1000;
/** A refresher that died gives the claim up after this long. */
const REFRESH_CLAIM_SECONDS = 120;

export interface SnapshotDeps {
  snapshots: SnapshotStore;
  clock: Clock;
  logger?: Logger;
  policy?: SnapshotPolicy;
}

/** JSON that keeps Maps (stage counts are one). */
const encode = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { $map: [...v.entries()] } : v));
const decode = <T>(json: string): T =>
  JSON.parse(json, (_key, v: unknown) => (v && typeof v === 'object' && '$map' in v ? new Map((v as { $map: [unknown, unknown][] }).$map) : v)) as T;

/**
 * Reads `key` through the snapshot store, computing with `compute` as described above.
 * @param mode - 'refresh' always recomputes and stores (the warm task)
 */
export function snapshotReader(deps: SnapshotDeps, mode: 'read' | 'refresh' = 'read') {
  const policy = deps.policy ?? DASHBOARD_SNAPSHOT_POLICY;
  // One computation per key at a time in this process, however many requests wait on it.
  const inFlight = new Map<string, Promise<unknown>>();
  const recompute = <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let running = inFlight.get(key) as Promise<T> | undefined;
    if (!running) {
      running = (async () => {
        const computedAt = nowSeconds(deps.clock);
        const value = await compute();
        await deps.snapshots.write(key, encode(value), computedAt, policy.keepSeconds);
        return value;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return running;
  };
  return async function through<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (mode === 'refresh') return recompute(key, compute);
    const stored = await deps.snapshots.read(key);
    if (stored) {
      const age = nowSeconds(deps.clock) - stored.computedAt;
      if (age < policy.freshSeconds) return decode<T>(stored.json);
      if (age < policy.keepSeconds) {
        if (await deps.snapshots.claimRefresh(key, REFRESH_CLAIM_SECONDS)) {
          recompute(key, compute).catch((err: unknown) => deps.logger?.warn({ err, key }, 'snapshot refresh failed; the stale one stays'));
        }
        return decode<T>(stored.json);
      }
    }
    return recompute(key, compute);
  };
}

/** DashboardQueries read through snapshots: same answers, at most `freshSeconds` (plus a refresh) old. */
export function snapshotDashboardQueries(inner: DashboardQueries, deps: SnapshotDeps, mode: 'read' | 'refresh' = 'read'): DashboardQueries {
  const through = snapshotReader(deps, mode);
  const windowKey = (w: TimeWindow) => `${w.start}-${w.end}`;
  return {
    // Scoped figures (a lead's or salesperson's relations only) are small and per person: read live.
    dailyCounts: (w, ids) => (ids ? inner.dailyCounts(w, ids) : through(`dashboard:daily:${windowKey(w)}`, () => inner.dailyCounts(w))),
    periodCounts: (w, top, ids) => (ids ? inner.periodCounts(w, top, ids) : through(`dashboard:period:${windowKey(w)}:${top}`, () => inner.periodCounts(w, top))),
    stageCounts: (ids) => (ids ? inner.stageCounts(ids) : through('dashboard:stages', () => inner.stageCounts())),
    salespersonLoads: (limit, ids) => (ids ? inner.salespersonLoads(limit, ids) : through(`dashboard:loads:${limit}`, () => inner.salespersonLoads(limit))),
    // `now` only says whose conversion windows have passed: a snapshot minutes old is as good.
    breakdownCounts: (w, by, now, servingUserIds) =>
      servingUserIds ? inner.breakdownCounts(w, by, now, servingUserIds) : through(`dashboard:breakdown:${by}:${windowKey(w)}`, () => inner.breakdownCounts(w, by, now)),
  };
}

/** The ranges the console offers as presets, ending today (China days). */
export function presetRanges(now: number): { from: string; to: string }[] {
  const today = Math.floor((now + DASHBOARD_UTC_OFFSET_SEC) / 86_400);
  return [7, 30].map((days) => ({ from: dayDate(today - days + 1), to: dayDate(today) }));
}

/** The worker's task: recompute the presets' dashboard and both breakdowns into the snapshots. */
export async function warmDashboard(deps: SnapshotDeps & { dashboard: DashboardQueries }): Promise<number> {
  const refreshing = { dashboard: snapshotDashboardQueries(deps.dashboard, deps, 'refresh'), clock: deps.clock };
  let ranges = 0;
  for (const range of presetRanges(nowSeconds(deps.clock))) {
    await getDashboard(refreshing, range);
    for (const by of BREAKDOWN_DIMENSIONS) await getBreakdown(refreshing, { ...range, by });
    ranges++;
  }
  return ranges;
}
