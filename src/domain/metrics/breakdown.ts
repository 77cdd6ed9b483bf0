/**
 * The dashboard broken down per salesperson or per channel (the relation's `state`):
 * adds, churn, first contact within 24 h, reply rate, orders, revenue, and 30-/60-day
 * conversion. The storage adapter counts per key; this module turns counts into rates.
 *
 * Conversion over N days: of the relations added in the range whose N days have passed by
 * now, the share whose customer placed an order in [addedAt, addedAt + N days). Relations
 * whose N days are still running are left out of both sides, so a rate is never diluted by
 * customers who still have time; null when none has had N days yet.
 */
import { ratio, yuan } from './dashboard.ts';

export const BREAKDOWN_DIMENSIONS = ['salesperson', 'channel'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
/** The conversion windows the operators track (issue 7): 30 and 60 days after the add. */
export const CONVERSION_DAYS = [30, 60] as const;
export const CONVERSION_30_SEC = CONVERSION_DAYS[0] * 86_400;
export const CONVERSION_60_SEC = CONVERSION_DAYS[1] * 86_400;
/** Relations added through no channel code share this key. */
export const NO_CHANNEL_KEY = '';

/** What the adapter counts for one salesperson or channel over the window. */
export interface BreakdownCounts {
  /** The userid, or the channel `state` ({@link NO_CHANNEL_KEY} for none). */
  key: string;
  /** The channel's name, when the key is a known channel. */
  name?: string;
  /** Relations made in the window, and of them those the salesperson wrote to within 24 h. */
  added: number;
  contactedWithin24h: number;
  /** Relations the customer removed in the window. */
  lost: number;
  /** Customers with a relation of this key active in the window, and of them those who wrote 1:1 to that relation's salesperson in it. */
  served: number;
  repliers: number;
  /** Orders in the window by customers a relation of this key served when they ordered. */
  orders: number;
  revenueFen: number;
  /** Relations added in the window whose 30 (60) days have passed, and of them those whose customer ordered within them. */
  matured30: number;
  converted30: number;
  matured60: number;
  converted60: number;
}

export interface BreakdownRow {
  key: string;
  name: string | null;
  added: number;
  lost: number;
  firstContact24h: number;
  firstContactRate: number | null;
  served: number;
  repliers: number;
  replyRate: number | null;
  orders: number;
  /** Yuan. */
  revenue: number;
  matured30: number;
  converted30: number;
  conversion30: number | null;
  matured60: number;
  converted60: number;
  conversion60: number | null;
}

export interface Breakdown {
  from: string;
  to: string;
  by: BreakdownDimension;
  timeZone: 'Asia/Shanghai';
  rows: BreakdownRow[];
}

/** Rows with rates, most adds first (then revenue, then key, so the order is stable). */
export function buildBreakdown(input: { from: string; to: string; by: BreakdownDimension; counts: readonly BreakdownCounts[] }): Breakdown {
  const rows = input.counts.map(
    (c): BreakdownRow => ({
      key: c.key,
      name: c.name ?? null,
      added: c.added,
      lost: c.lost,
      firstContact24h: c.contactedWithin24h,
      firstContactRate: ratio(c.contactedWithin24h, c.added),
      served: c.served,
      repliers: c.repliers,
      replyRate: ratio(c.repliers, c.served),
      orders: c.orders,
      revenue: yuan(c.revenueFen),
      matured30: c.matured30,
      converted30: c.converted30,
      conversion30: ratio(c.converted30, c.matured30),
      matured60: c.matured60,
      converted60: c.converted60,
      conversion60: ratio(c.converted60, c.matured60),
    }),
  );
  rows.sort((a, b) => b.added - a.added || b.revenue - a.revenue || a.key.localeCompare(b.key));
  return { from: input.from, to: input.to, by: input.by, timeZone: 'Asia/Shanghai', rows };
}
