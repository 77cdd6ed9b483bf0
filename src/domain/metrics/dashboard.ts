/**
 * The operators' dashboard (domain notes, "Measures the operators live by"): per China
 * day and for the whole range — adds, churn (the customer deleted the salesperson), first
 * contact within 24 h, reply rate, orders, revenue, repurchase, the top customers' share
 * of revenue — plus today's lifecycle stages and each salesperson's load against the cap.
 * The storage adapter counts; this module turns days into time windows and counts into rates.
 */
import { CUSTOMER_CAP } from '../contact/channel.ts';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../value/lifecycle.ts';

/** Days are Asia/Shanghai days: UTC+8 all year (China has no DST). */
export const DASHBOARD_UTC_OFFSET_SEC = 8 * 3600;
const DAY_SEC = 86_400;
/** Longest range one request may ask for: a year, leap day included. */
export const MAX_DASHBOARD_DAYS = 366;
/** "15% of customers give 75% of sales" (domain notes): the share of buyers called top. */
export const TOP_CUSTOMER_PERCENT = 15;
/** First contact counts when the salesperson writes within this long after the add. */
export const FIRST_CONTACT_WINDOW_SEC = 24 * 3600;
/** Salespeople listed by load, most loaded first. */
export const MAX_LOAD_ROWS = 200;

/** A span of unix seconds, `start` included and `end` excluded. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** What the storage adapter counts for one day; days with nothing to count may be absent. */
export interface DayCounts {
  /** Days since 1970-01-01 in China time: floor((t + 8 h) / 1 day). */
  day: number;
  /** Salesperson–customer relations made that day. */
  added: number;
  /** Of those, relations whose salesperson wrote to the customer within 24 h. */
  contactedWithin24h: number;
  /** Relations the customer removed that day (churn). */
  lost: number;
  /** Distinct customers who wrote 1:1 that day. */
  repliers: number;
  orders: number;
  revenueFen: number;
}

/** Counts over the whole window. */
export interface PeriodCounts {
  /** Customers with a relation active at some time in the window. */
  served: number;
  /** Of them, those who wrote 1:1 in the window. */
  repliers: number;
  /** Customers with an order in the window, and those with two or more. */
  buyers: number;
  repeatBuyers: number;
  /** Revenue in the window, and that of the top {@link TOP_CUSTOMER_PERCENT}% of buyers by spend. */
  revenueFen: number;
  topRevenueFen: number;
}

export interface SalespersonLoad {
  userId: string;
  /** Active and pending relations: what WeCom counts toward the cap. */
  customers: number;
}

export interface DashboardDay {
  date: string;
  added: number;
  lost: number;
  firstContact24h: number;
  repliers: number;
  orders: number;
  /** Yuan. */
  revenue: number;
}

/** Rates are null when their denominator is zero (nothing to measure yet). */
export interface Dashboard {
  from: string;
  to: string;
  timeZone: 'Asia/Shanghai';
  days: DashboardDay[];
  totals: {
    added: number;
    lost: number;
    firstContact24h: number;
    firstContactRate: number | null;
    served: number;
    repliers: number;
    replyRate: number | null;
    orders: number;
    revenue: number;
    averageOrderValue: number | null;
    buyers: number;
    repeatBuyers: number;
    repurchaseRate: number | null;
    topCustomerPercent: number;
    topRevenueShare: number | null;
  };
  /** Customers per lifecycle stage now (not limited to the range). */
  stages: Record<LifecycleStage, number>;
  cap: number;
  loads: (SalespersonLoad & { capShare: number })[];
}

const DAY_MS = DAY_SEC * 1000;

/** YYYY-MM-DD of a China day number (its UTC calendar date is the China date). */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a real calendar date written YYYY-MM-DD; undefined for anything else (2024-02-30 too). */
export function dayNumber(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
  return dayDate(day) === date ? day : undefined;
}

/**
 * The window covering the China days `from`..`to`, both included; or the reason it is
 * not acceptable, as "field: problem" like the API's other validation messages.
 */
export function dashboardWindow(from: string, to: string): TimeWindow | { problem: string } {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === undefined) return { problem: 'from: must be a real date YYYY-MM-DD' };
  if (last === undefined) return { problem: 'to: must be a real date YYYY-MM-DD' };
  if (first > last) return { problem: 'from: must not be after to' };
  if (last - first + 1 > MAX_DASHBOARD_DAYS) return { problem: `to: the range is at most ${MAX_DASHBOARD_DAYS} days` };
  const start = first * DAY_SEC - DASHBOARD_UTC_OFFSET_SEC;
  return { start, end: (last + 1) * DAY_SEC - DASHBOARD_UTC_OFFSET_SEC };
}

/** part / whole, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
/** Fen to yuan, rounded to the fen. */
export const yuan = (fen: number): number => Math.round(fen) / 100;

/**
 * The dashboard from the adapter's counts: one entry per day of the range (zeros where
 * nothing happened), totals and rates.
 */
export function buildDashboard(input: {
  from: string;
  to: string;
  days: readonly DayCounts[];
  period: PeriodCounts;
  stages: ReadonlyMap<string, number>;
  loads: readonly SalespersonLoad[];
}): Dashboard {
  const byDay = new Map(input.days.map((counts) => [counts.day, counts]));
  const first = dayNumber(input.from) ?? 0;
  const last = dayNumber(input.to) ?? -1;
  const days: DashboardDay[] = [];
  for (let day = first; day <= last; day++) {
    const c = byDay.get(day);
    days.push({
      date: dayDate(day),
      added: c?.added ?? 0,
      lost: c?.lost ?? 0,
      firstContact24h: c?.contactedWithin24h ?? 0,
      repliers: c?.repliers ?? 0,
      orders: c?.orders ?? 0,
      revenue: yuan(c?.revenueFen ?? 0),
    });
  }
  const sum = (key: 'added' | 'lost' | 'firstContact24h' | 'orders') => days.reduce((n, d) => n + d[key], 0);
  const added = sum('added');
  const firstContact24h = sum('firstContact24h');
  const orders = sum('orders');
  const { period } = input;
  const stages = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, input.stages.get(stage) ?? 0])) as Record<LifecycleStage, number>;
  return {
    from: input.from,
    to: input.to,
    timeZone: 'Asia/Shanghai',
    days,
    totals: {
      added,
      lost: sum('lost'),
      firstContact24h,
      firstContactRate: ratio(firstContact24h, added),
      served: period.served,
      repliers: period.repliers,
      replyRate: ratio(period.repliers, period.served),
      orders,
      revenue: yuan(period.revenueFen),
      averageOrderValue: orders > 0 ? yuan(period.revenueFen / orders) : null,
      buyers: period.buyers,
      repeatBuyers: period.repeatBuyers,
      repurchaseRate: ratio(period.repeatBuyers, period.buyers),
      topCustomerPercent: TOP_CUSTOMER_PERCENT,
      topRevenueShare: ratio(period.topRevenueFen, period.revenueFen),
    },
    stages,
    cap: CUSTOMER_CAP,
    loads: input.loads.map((load) => ({ ...load, capShare: load.customers / CUSTOMER_CAP })),
  };
}
