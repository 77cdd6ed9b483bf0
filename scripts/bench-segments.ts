/**
 * `npm run bench:segments [-- --customers 1000000 --runs 200 --reuse]`: the customer base at a
 * million. Seeds a fresh SQLite file (one transaction of prepared statements) with
 * customers, relations to 200 salespeople (one customer in ten has a second one), tags,
 * channels, orders with the values they give, inbound and outbound messages and the stage
 * each customer is in, then times, in process through the product's own code:
 * - a typical segment (count and the first 20 members, as the console's preview asks), and
 *   walking all its members (what a CSV export or a recall does); target < 2 s for the preview
 * - recomputing every lifecycle stage (refreshAllLifecycles, the 15-minute job; stages were
 *   seeded as computed, so this is the steady-state pass) and every buyer's value
 *   (refreshAllValues, the same job's first half); target < 60 s
 * - the dashboard (getDashboard) for 30 days: its SQL computed live a few times (what a
 *   snapshot refresh costs), then `runs` page views read through Redis snapshots after the
 *   warm task, as GET /dashboard serves them; target p99 < 200 ms
 * Prints each figure with "met" or "NOT met".
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { getDashboard } from '../src/app/admin/dashboard.ts';
import { snapshotDashboardQueries, warmDashboard } from '../src/app/admin/dashboard-snapshots.ts';
import { RedisSnapshots } from '../src/queue/redis-snapshots.ts';
import { createProducerConnection } from '../src/queue/redis.ts';
import { refreshAllLifecycles } from '../src/app/refresh-lifecycle.ts';
import { refreshAllValues } from '../src/app/refresh-values.ts';
import { previewDefinition, segmentMembers } from '../src/app/segments/segments.ts';
import { SqlContactRepo } from '../src/db/contact-repo.ts';
import { SqlDashboardQueries } from '../src/db/dashboard-queries.ts';
import { SqlLifecycleStore } from '../src/db/lifecycle-repo.ts';
import { SqlOrderStore } from '../src/db/order-repo.ts';
import { openDatabase } from '../src/db/prisma.ts';
import { PrismaSalesTaskStore } from '../src/db/sales-task-repo.ts';
import { SqlSegmentQueries } from '../src/db/segment-queries.ts';
import type { SegmentDefinition } from '../src/domain/segments/segment.ts';
import { customerValue, type CustomerValue } from '../src/domain/value/customer-value.ts';
import { lifecycleStage } from '../src/domain/value/lifecycle.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ensureRedis, freshSqliteDatabase, percentile, stopRedis } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: { customers: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '200' }, reuse: { type: 'boolean', default: false } },
});
const CUSTOMERS = Number(args.customers);
const RUNS = Number(args.runs);
/** Computing the dashboard live takes seconds at a million: a few runs show it. */
const LIVE_RUNS = 5;
const BENCH_REDIS = { port: 6396, dir: 'data/bench-segments-redis' };
const DIR = 'data/bench-segments';
const DAY = 86_400;
/** 2026-11-28 12:00 in Shanghai: a fixed "now" so every run seeds the same corp. */
const NOW = 1_795_838_400;
const SALESPEOPLE = 200;
const TAGS = Array.from({ length: 50 }, (_, i) => `etBenchTag${String(i).padStart(2, '0')}`);
const CHANNELS = Array.from({ length: 10 }, (_, i) => `ch-bench-${i}`);
const TARGET = { segmentMs: 2_000, recomputeMs: 60_000, dashboardP99Ms: 200 };

/** The console's typical recall list: lapsed or declining, not 1:1-only, bought before, quiet for a month. */
const TYPICAL: SegmentDefinition = {
  stages: ['declining', 'lapsed'],
  highValue: false,
  spend: { min: 200 },
  lastContact: { minDays: 30, includeNever: true },
  tags: { match: 'any', tagIds: TAGS.slice(0, 10) },
};

/** mulberry32: a small deterministic PRNG, so runs are comparable. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function seed(file: string): Record<string, number> {
  const db = new Database(file);
  // A throwaway file: no journal, no fsync while seeding.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // Several indexes take their rows in random order (userId, intent+sentAt): keep them in memory.
  db.pragma('cache_size = -1000000');
  const rand = random(7);
  const int = (n: number) => Math.floor(rand() * n);
  const iso = new Date(NOW * 1000).toISOString().replace('Z', '+00:00');
  const counts = { customers: 0, relations: 0, orders: 0, messages: 0 };
  const insert = {
    customer: db.prepare('INSERT INTO "Customer" ("externalUserId", "name", "type", "gender", "fetchedAt", "createdAt", "updatedAt") VALUES (?, ?, 1, ?, ?, ?, ?)'),
    relation: db.prepare(
      'INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "addedAt", "state", "tagIds", "removedByCustomerAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    order: db.prepare('INSERT INTO "CustomerOrder" ("orderId", "externalUserId", "amountFen", "items", "orderedAt", "createdAt") VALUES (?, ?, ?, \'[]\', ?, ?)'),
    value: db.prepare(
      'INSERT INTO "CustomerValue" ("externalUserId", "totalSpendFen", "annualSpendFen", "orderCount", "firstOrderAt", "lastOrderAt", "valueLayer", "highValue", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    message: db.prepare(
      'INSERT INTO "ChatMessage" ("messageKey", "source", "externalUserId", "userId", "direction", "msgType", "text", "sentAt", "createdAt") VALUES (?, \'archive\', ?, ?, ?, \'text\', \'在吗\', ?, ?)',
    ),
    stage: db.prepare('INSERT INTO "CustomerLifecycle" ("externalUserId", "stage", "since", "updatedAt") VALUES (?, ?, ?, ?)'),
  };
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = `wmSeg${String(i).padStart(9, '0')}`;
      insert.customer.run(id, `客户${i}`, int(3), iso, iso, iso);
      counts.customers++;
      const addedAt = NOW - int(730 * DAY);
      const lost = rand() < 0.05;
      const owner = `sales.${String(i % SALESPEOPLE).padStart(3, '0')}`;
      const tags = JSON.stringify(Array.from(new Set(Array.from({ length: int(4) }, () => TAGS[int(TAGS.length)]!))));
      insert.relation.run(owner, id, lost ? 'removed_by_customer' : 'active', addedAt, addedAt, CHANNELS[int(CHANNELS.length)]!, tags, lost ? addedAt + int(NOW - addedAt) : null, iso);
      counts.relations++;
      if (i % 10 === 0) {
        insert.relation.run(`sales.${String((i + 7) % SALESPEOPLE).padStart(3, '0')}`, id, 'active', addedAt + DAY, addedAt + DAY, null, '[]', null, iso);
        counts.relations++;
      }
      const orders: { amountFen: number; orderedAt: number }[] = [];
      if (rand() < 0.6) {
        const n = 1 + int(3);
        for (let o = 0; o < n; o++) {
          const order = { amountFen: 5_000 + int(300_000), orderedAt: addedAt + int(NOW - addedAt) };
          orders.push(order);
          insert.order.run(`o${i}-${o}`, id, order.amountFen, order.orderedAt, iso);
          counts.orders++;
        }
        const v: CustomerValue = customerValue(id, orders, NOW);
        insert.value.run(id, v.totalSpendFen, v.annualSpendFen, v.orderCount, v.firstOrderAt, v.lastOrderAt, v.valueLayer, v.highValue ? 1 : 0, iso);
      }
      let lastInboundAt: number | null = null;
      const messages = int(4);
      for (let m = 0; m < messages; m++) {
        const inbound = m % 2 === 0;
        const sentAt = addedAt + int(NOW - addedAt);
        if (inbound) lastInboundAt = Math.max(lastInboundAt ?? 0, sentAt);
        insert.message.run(`archive:${i}-${m}`, id, owner, inbound ? 'in' : 'out', sentAt, iso);
        counts.messages++;
      }
      const stage = lifecycleStage(
        {
          externalUserId: id,
          firstAddedAt: addedAt,
          served: !lost || i % 10 === 0,
          removedByCustomer: lost,
          lastInboundAt,
          lastOrderAt: orders.length > 0 ? Math.max(...orders.map((o) => o.orderedAt)) : null,
          orderCount: orders.length,
        },
        NOW,
      );
      insert.stage.run(id, stage, NOW - DAY, iso);
    }
  })();
  db.close();
  return counts;
}

const verdict = (value: number, target: number) => (value < target ? 'met' : 'NOT met');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function main(): Promise<void> {
  // --reuse: time again on the last run's seeded file (seeding a million takes minutes).
  const file = `${DIR}/bench.db`;
  const url = args.reuse && existsSync(file) ? `file:./${file}` : freshSqliteDatabase(DIR);
  if (!args.reuse) {
    console.log(`seeding ${CUSTOMERS.toLocaleString('en')} customers…`);
    const seeded = await timed(async () => seed(file));
    const c = seeded.result;
    console.log(`seeded in ${seconds(seeded.ms)}: ${c.customers} customers, ${c.relations} relations, ${c.orders} orders, ${c.messages} messages`);
  }

  const connection = await openDatabase(url);
  try {
    const { sql } = connection;
    const clock = fixedClock(new Date(NOW * 1000));
    const queries = new SqlSegmentQueries(sql);
    // First run reads the file into the page cache; the second is what a working server sees.
    const cold = await timed(() => previewDefinition({ queries, clock }, TYPICAL, 20));
    const warm = await timed(() => previewDefinition({ queries, clock }, TYPICAL, 20));
    const walk = await timed(async () => {
      let n = 0;
      for await (const page of segmentMembers({ queries }, TYPICAL, NOW)) n += page.length;
      return n;
    });
    console.log('');
    console.log(`segment preview       ${warm.result.count} members: count + first 20 in ${warm.ms.toFixed(0)} ms (cold ${cold.ms.toFixed(0)} ms)   target < ${TARGET.segmentMs} ms: ${verdict(warm.ms, TARGET.segmentMs)}`);
    console.log(`segment walk          all ${walk.result} members (CSV export / recall) in ${seconds(walk.ms)}`);

    const lifecycle = new SqlLifecycleStore(sql);
    const stages = await timed(() =>
      refreshAllLifecycles({ lifecycle, roster: new SqlContactRepo(sql), tasks: new PrismaSalesTaskStore(connection.prisma, sql), clock }),
    );
    const values = await timed(() => refreshAllValues({ orders: new SqlOrderStore(sql), clock }));
    const recompute = stages.ms + values.ms;
    console.log(`lifecycle recompute   every customer in ${seconds(stages.ms)} (${stages.result} changed stage)`);
    console.log(`value recompute       every buyer (refreshAllValues, ${values.result} changed) in ${seconds(values.ms)}`);
    console.log(`stages + values       ${seconds(recompute)}   target < ${seconds(TARGET.recomputeMs)}: ${verdict(recompute, TARGET.recomputeMs)}`);

    // Live: the SQL a snapshot refresh runs (the warm task, or a range nobody asked for today).
    const live = new SqlDashboardQueries(sql);
    const range = { from: '2026-10-30', to: '2026-11-28' };
    const computed: number[] = [];
    for (let i = 0; i < LIVE_RUNS; i++) computed.push((await timed(() => getDashboard({ dashboard: live }, range))).ms);
    computed.sort((a, b) => a - b);
    console.log(`dashboard computed    ${LIVE_RUNS} runs of its SQL: p50 ${percentile(computed, 50).toFixed(0)} ms, max ${computed[computed.length - 1]!.toFixed(0)} ms (snapshot refresh, not on a page view)`);

    // Served: what GET /dashboard does, through snapshots in a private Redis, after the warm task.
    await ensureRedis(BENCH_REDIS);
    const redis = createProducerConnection(`redis://127.0.0.1:${BENCH_REDIS.port}`);
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    try {
      const snapshotDeps = { snapshots: new RedisSnapshots(redis, `bench-${Date.now()}`), clock };
      await warmDashboard({ ...snapshotDeps, dashboard: live });
      const deps = { dashboard: snapshotDashboardQueries(live, snapshotDeps) };
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push((await timed(() => getDashboard(deps, range))).ms);
      samples.sort((a, b) => a - b);
      const p99 = percentile(samples, 99);
      console.log(`dashboard served      ${RUNS} page views (snapshots): p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms   target p99 < ${TARGET.dashboardP99Ms} ms: ${verdict(p99, TARGET.dashboardP99Ms)}`);
    } finally {
      await redis.quit();
      stopRedis(BENCH_REDIS);
    }
  } finally {
    await connection.close();
  }
}

await main();
