/**
 * The dashboard's aggregates in plain SQL that runs unchanged on SQLite and PostgreSQL.
 * A China day is `(t + 8 h) / 1 day` in integer arithmetic on the stored unix seconds
 * (both databases divide integers as integers), so grouping needs no date functions.
 * Every query is bounded by a range on one time column (addedAt, removedByCustomerAt,
 * sentAt, orderedAt); first contact looks each add up through ChatMessage's
 * (externalUserId, sentAt) index.
 */
import {
  DASHBOARD_UTC_OFFSET_SEC,
  FIRST_CONTACT_WINDOW_SEC,
  type DayCounts,
  type PeriodCounts,
  type SalespersonLoad,
  type TimeWindow,
} from '../domain/metrics/dashboard.ts';
import {
  CONVERSION_30_SEC,
  CONVERSION_60_SEC,
  NO_CHANNEL_KEY,
  type BreakdownCounts,
  type BreakdownDimension,
} from '../domain/metrics/breakdown.ts';
import type { DashboardQueries } from '../domain/ports.ts';
import { userIdIn } from './scope-sql.ts';
import type { SqlClient } from './sql-client.ts';

const dayOf = (column: string) => `(${column} + ${DASHBOARD_UTC_OFFSET_SEC}) / 86400`;

/** A relation active at some time in the window: made before its end, not removed before its start. */
const SERVED_IN_WINDOW = `COALESCE(r."addedAt", 0) < ? AND (r."status" = 'active' OR r."removedByCustomerAt" >= ? OR r."removedByStaffAt" >= ?)`;
const servedParams = (w: TimeWindow) => [w.end, w.start, w.start];

/** Customers writing 1:1 (not in groups) to a salesperson who served them in the window (and is in `scope`). */
const replyFilter = (scope: Scope) => `m."direction" = 'in' AND m."chatId" IS NULL AND m."sentAt" >= ? AND m."sentAt" < ?
  AND EXISTS (SELECT 1 FROM "FollowRelation" r WHERE r."externalUserId" = m."externalUserId" AND ${SERVED_IN_WINDOW}${scope.onRelation})`;
const replyParams = (w: TimeWindow, scope: Scope) => [w.start, w.end, ...servedParams(w), ...scope.params];

/**
 * A caller's data scope as SQL pieces: a condition on the relation `r` a query already
 * reads, and one for queries over customers (`<alias>."externalUserId"` served by the
 * scope). Empty strings when the caller sees the whole corp.
 */
interface Scope {
  onRelation: string;
  servedCustomer: (alias: string) => string;
  params: string[];
}

function scopeOf(servingUserIds: readonly string[] | undefined): Scope {
  if (servingUserIds === undefined) return { onRelation: '', servedCustomer: () => '', params: [] };
  const { condition, params } = userIdIn(servingUserIds, 'r."userId"');
  return {
    onRelation: ` AND ${condition}`,
    servedCustomer: (alias) => ` AND EXISTS (SELECT 1 FROM "FollowRelation" r WHERE r."externalUserId" = ${alias}."externalUserId" AND ${condition})`,
    params,
  };
}

/** The salesperson wrote to the customer within 24 h of the add. */
const CONTACTED_24H = `EXISTS (
  SELECT 1 FROM "ChatMessage" m
  WHERE m."externalUserId" = r."externalUserId" AND m."sentAt" >= r."addedAt" AND m."sentAt" <= r."addedAt" + ${FIRST_CONTACT_WINDOW_SEC}
    AND m."direction" = 'out' AND m."userId" = r."userId"
)`;

/**
 * What a breakdown groups relations by; a relation without a channel code gets NO_CHANNEL_KEY.
 * `|| ''` keeps SQLite from grouping by walking the (userId, status) index, a random row
 * read per relation (4 s instead of 1 s over a million).
 */
const BREAKDOWN_KEY: Record<BreakdownDimension, string> = {
  salesperson: `r."userId" || ''`,
  channel: `COALESCE(r."state", '${NO_CHANNEL_KEY}')`,
};

/**
 * Counted only once the relation's `seconds` have passed by now (first `?`), then: the
 * customer ordered in [addedAt, addedAt + seconds) (through CustomerOrder's
 * (externalUserId, orderedAt) index). Each CASE yields 1 for "matured" or 2 for "converted"
 * so one pass counts both.
 */
const conversion = (seconds: number) => `CASE WHEN r."addedAt" + ${seconds} > ? THEN 0
  WHEN EXISTS (SELECT 1 FROM "CustomerOrder" o WHERE o."externalUserId" = r."externalUserId" AND o."orderedAt" >= r."addedAt" AND o."orderedAt" < r."addedAt" + ${seconds}) THEN 2
  ELSE 1 END`;

type Row = Record<string, unknown>;
/** PostgreSQL answers COUNT and SUM as bigint strings, and SUM over nothing as null. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export class SqlDashboardQueries implements DashboardQueries {
  constructor(private readonly sql: SqlClient) {}

  async dailyCounts(w: TimeWindow, servingUserIds?: readonly string[]): Promise<DayCounts[]> {
    const scope = scopeOf(servingUserIds);
    const [adds, losses, replies, orders] = await Promise.all([
      this.sql.query<Row>(
        `SELECT ${dayOf('r."addedAt"')} AS "day", COUNT(*) AS "added",
           SUM(CASE WHEN ${CONTACTED_24H} THEN 1 ELSE 0 END) AS "contacted"
         FROM "FollowRelation" r WHERE r."addedAt" >= ? AND r."addedAt" < ?${scope.onRelation} GROUP BY 1`,
        [w.start, w.end, ...scope.params],
      ),
      this.sql.query<Row>(
        `SELECT ${dayOf('r."removedByCustomerAt"')} AS "day", COUNT(*) AS "lost"
         FROM "FollowRelation" r WHERE r."removedByCustomerAt" >= ? AND r."removedByCustomerAt" < ?${scope.onRelation} GROUP BY 1`,
        [w.start, w.end, ...scope.params],
      ),
      this.sql.query<Row>(
        `SELECT ${dayOf('m."sentAt"')} AS "day", COUNT(DISTINCT m."externalUserId") AS "repliers"
         FROM "ChatMessage" m WHERE ${replyFilter(scope)} GROUP BY 1`,
        replyParams(w, scope),
      ),
      this.sql.query<Row>(
        `SELECT ${dayOf('o."orderedAt"')} AS "day", COUNT(*) AS "orders", SUM(o."amountFen") AS "revenueFen"
         FROM "CustomerOrder" o WHERE o."orderedAt" >= ? AND o."orderedAt" < ?${scope.servedCustomer('o')} GROUP BY 1`,
        [w.start, w.end, ...scope.params],
      ),
    ]);
    const days = new Map<number, DayCounts>();
    const at = (row: Row): DayCounts => {
      const day = num(row.day);
      let counts = days.get(day);
      if (!counts) {
        counts = { day, added: 0, contactedWithin24h: 0, lost: 0, repliers: 0, orders: 0, revenueFen: 0 };
        days.set(day, counts);
      }
      return counts;
    };
    for (const row of adds) Object.assign(at(row), { added: num(row.added), contactedWithin24h: num(row.contacted) });
    for (const row of losses) at(row).lost = num(row.lost);
    for (const row of replies) at(row).repliers = num(row.repliers);
    for (const row of orders) Object.assign(at(row), { orders: num(row.orders), revenueFen: num(row.revenueFen) });
    return [...days.values()].sort((a, b) => a.day - b.day);
  }

  async periodCounts(w: TimeWindow, topPercent: number, servingUserIds?: readonly string[]): Promise<PeriodCounts> {
    const scope = scopeOf(servingUserIds);
    const [[served], [repliers], [spend]] = await Promise.all([
      this.sql.query<Row>(`SELECT COUNT(DISTINCT r."externalUserId") AS "n" FROM "FollowRelation" r WHERE ${SERVED_IN_WINDOW}${scope.onRelation}`, [
        ...servedParams(w),
        ...scope.params,
      ]),
      this.sql.query<Row>(`SELECT COUNT(DISTINCT m."externalUserId") AS "n" FROM "ChatMessage" m WHERE ${replyFilter(scope)}`, replyParams(w, scope)),
      // The top share is over buyers ranked by spend: rank ≤ ceil(n × p%) ⟺ (rank − 1) × 100 < n × p.
      this.sql.query<Row>(
        `WITH "spend" AS (
           SELECT o."externalUserId", COUNT(*) AS "orders", SUM(o."amountFen") AS "fen"
           FROM "CustomerOrder" o WHERE o."orderedAt" >= ? AND o."orderedAt" < ?${scope.servedCustomer('o')} GROUP BY o."externalUserId"
         ), "ranked" AS (
           SELECT "orders", "fen", ROW_NUMBER() OVER (ORDER BY "fen" DESC) AS "rank", COUNT(*) OVER () AS "buyers" FROM "spend"
         )
         SELECT COUNT(*) AS "buyers", SUM(CASE WHEN "orders" >= 2 THEN 1 ELSE 0 END) AS "repeatBuyers", SUM("fen") AS "revenueFen",
           SUM(CASE WHEN ("rank" - 1) * 100 < "buyers" * ${Math.trunc(topPercent)} THEN "fen" ELSE 0 END) AS "topRevenueFen"
         FROM "ranked"`,
        [w.start, w.end, ...scope.params],
      ),
    ]);
    return {
      served: num(served?.n),
      repliers: num(repliers?.n),
      buyers: num(spend?.buyers),
      repeatBuyers: num(spend?.repeatBuyers),
      revenueFen: num(spend?.revenueFen),
      topRevenueFen: num(spend?.topRevenueFen),
    };
  }

  async stageCounts(servingUserIds?: readonly string[]): Promise<Map<string, number>> {
    const scope = scopeOf(servingUserIds);
    const where = servingUserIds === undefined ? '' : `WHERE 1 = 1${scope.servedCustomer('l')}`;
    const rows = await this.sql.query<Row>(`SELECT l."stage", COUNT(*) AS "n" FROM "CustomerLifecycle" l ${where} GROUP BY l."stage"`, scope.params);
    return new Map(rows.map((row) => [String(row.stage), num(row.n)]));
  }

  async salespersonLoads(limit: number, servingUserIds?: readonly string[]): Promise<SalespersonLoad[]> {
    const scope = scopeOf(servingUserIds);
    // Pending half-adds count, as in SalespersonLoads: WeCom counts them toward the cap.
    const rows = await this.sql.query<Row>(
      `SELECT r."userId", COUNT(*) AS "n" FROM "FollowRelation" r WHERE r."status" IN ('active', 'pending')${scope.onRelation}
       GROUP BY r."userId" ORDER BY COUNT(*) DESC, r."userId" LIMIT ?`,
      [...scope.params, limit],
    );
    return rows.map((row) => ({ userId: String(row.userId), customers: num(row.n) }));
  }

  async breakdownCounts(w: TimeWindow, by: BreakdownDimension, now: number, servingUserIds?: readonly string[]): Promise<BreakdownCounts[]> {
    const key = BREAKDOWN_KEY[by];
    // The caller's scope as one more condition on the relation every query groups by.
    const { onRelation: scope, params: scopeParams } = scopeOf(servingUserIds);
    const [adds, losses, served, replies, orders, channels] = await Promise.all([
      this.sql.query<Row>(
        `SELECT "key", COUNT(*) AS "added", SUM("contacted") AS "contacted",
           SUM(CASE WHEN "c30" > 0 THEN 1 ELSE 0 END) AS "matured30", SUM(CASE WHEN "c30" = 2 THEN 1 ELSE 0 END) AS "converted30",
           SUM(CASE WHEN "c60" > 0 THEN 1 ELSE 0 END) AS "matured60", SUM(CASE WHEN "c60" = 2 THEN 1 ELSE 0 END) AS "converted60"
         FROM (
           SELECT ${key} AS "key", CASE WHEN ${CONTACTED_24H} THEN 1 ELSE 0 END AS "contacted",
             ${conversion(CONVERSION_30_SEC)} AS "c30", ${conversion(CONVERSION_60_SEC)} AS "c60"
           FROM "FollowRelation" r WHERE r."addedAt" >= ? AND r."addedAt" < ?${scope}
         ) "a" GROUP BY "key"`,
        [now, now, w.start, w.end, ...scopeParams],
      ),
      this.sql.query<Row>(
        `SELECT ${key} AS "key", COUNT(*) AS "lost" FROM "FollowRelation" r
         WHERE r."removedByCustomerAt" >= ? AND r."removedByCustomerAt" < ?${scope} GROUP BY 1`,
        [w.start, w.end, ...scopeParams],
      ),
      this.sql.query<Row>(`SELECT ${key} AS "key", COUNT(DISTINCT r."externalUserId") AS "served" FROM "FollowRelation" r WHERE ${SERVED_IN_WINDOW}${scope} GROUP BY 1`, [
        ...servedParams(w),
        ...scopeParams,
      ]),
      // A reply counts for the relation whose salesperson the customer wrote to. Driven from the
      // window's messages (CROSS JOIN fixes that order in SQLite): a look-up per writer, not per relation.
      this.sql.query<Row>(
        `SELECT ${key} AS "key", COUNT(DISTINCT r."externalUserId") AS "repliers"
         FROM (
           SELECT DISTINCT m."externalUserId", m."userId" FROM "ChatMessage" m
           WHERE m."direction" = 'in' AND m."chatId" IS NULL AND m."sentAt" >= ? AND m."sentAt" < ?
         ) "w" CROSS JOIN "FollowRelation" r
         WHERE r."userId" = "w"."userId" AND r."externalUserId" = "w"."externalUserId" AND ${SERVED_IN_WINDOW}${scope} GROUP BY 1`,
        [w.start, w.end, ...servedParams(w), ...scopeParams],
      ),
      // An order counts once per key whose relation served the customer when they ordered;
      // driven from the window's orders, like the replies.
      this.sql.query<Row>(
        `SELECT "key", COUNT(*) AS "orders", SUM("amountFen") AS "revenueFen" FROM (
           SELECT DISTINCT ${key} AS "key", o."orderId", o."amountFen"
           FROM "CustomerOrder" o CROSS JOIN "FollowRelation" r
           WHERE r."externalUserId" = o."externalUserId" AND o."orderedAt" >= ? AND o."orderedAt" < ? AND COALESCE(r."addedAt", 0) <= o."orderedAt"
             AND (r."status" = 'active' OR r."removedByCustomerAt" > o."orderedAt" OR r."removedByStaffAt" > o."orderedAt")${scope}
         ) "k" GROUP BY "key"`,
        [w.start, w.end, ...scopeParams],
      ),
      by === 'channel' ? this.sql.query<Row>(`SELECT "state", "name" FROM "Channel"`) : Promise.resolve([]),
    ]);
    const names = new Map(channels.map((row) => [String(row.state), String(row.name)]));
    const keys = new Map<string, BreakdownCounts>();
    const at = (row: Row): BreakdownCounts => {
      const k = String(row.key);
      let counts = keys.get(k);
      if (!counts) {
        counts = { key: k, added: 0, contactedWithin24h: 0, lost: 0, served: 0, repliers: 0, orders: 0, revenueFen: 0, matured30: 0, converted30: 0, matured60: 0, converted60: 0 };
        const name = names.get(k);
        if (name !== undefined) counts.name = name;
        keys.set(k, counts);
      }
      return counts;
    };
    for (const row of adds) {
      Object.assign(at(row), {
        added: num(row.added),
        contactedWithin24h: num(row.contacted),
        matured30: num(row.matured30),
        converted30: num(row.converted30),
        matured60: num(row.matured60),
        converted60: num(row.converted60),
      });
    }
    for (const row of losses) at(row).lost = num(row.lost);
    for (const row of served) at(row).served = num(row.served);
    for (const row of replies) at(row).repliers = num(row.repliers);
    for (const row of orders) Object.assign(at(row), { orders: num(row.orders), revenueFen: num(row.revenueFen) });
    return [...keys.values()];
  }
}
