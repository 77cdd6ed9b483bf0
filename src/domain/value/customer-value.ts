/**
 * Customer value from orders (the articles: 15% of customers bring 75% of sales; from
 * 5,000 yuan cumulative a customer is served 1:1 only). Amounts are in fen so sums stay
 * exact; thresholds are configurable.
 */

export interface Order {
  orderId: string;
  externalUserId: string;
  amountFen: number;
  items: { sku?: string; name: string; quantity: number }[];
  /** Unix seconds. */
  orderedAt: number;
  channel?: string;
}

export type ValueLayer = 'high' | 'mid' | 'low';

export interface ValueThresholds {
  /** Annual spend (fen) from which a customer is in the high layer. */
  highAnnualFen: number;
  /** Annual spend (fen) from which a customer is in the mid layer. */
  midAnnualFen: number;
  /** Cumulative spend (fen) from which a customer is served 1:1 only. */
  oneToOneFen: number;
}

export const DEFAULT_VALUE_THRESHOLDS: ValueThresholds = {
  highAnnualFen: 200_000,
  midAnnualFen: 50_000,
  oneToOneFen: 500_000,
};

export interface CustomerValue {
  externalUserId: string;
  totalSpendFen: number;
  annualSpendFen: number;
  orderCount: number;
  firstOrderAt: number;
  lastOrderAt: number;
  valueLayer: ValueLayer;
  highValue: boolean;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/** The value of one customer from all their orders (at least one), as of `now` (unix s). */
export function customerValue(externalUserId: string, orders: readonly Pick<Order, 'amountFen' | 'orderedAt'>[], now: number, thresholds = DEFAULT_VALUE_THRESHOLDS): CustomerValue {
  const totalSpendFen = orders.reduce((sum, o) => sum + o.amountFen, 0);
  const annualSpendFen = orders.filter((o) => o.orderedAt > now - YEAR_SECONDS).reduce((sum, o) => sum + o.amountFen, 0);
  const times = orders.map((o) => o.orderedAt);
  const valueLayer: ValueLayer = annualSpendFen >= thresholds.highAnnualFen ? 'high' : annualSpendFen >= thresholds.midAnnualFen ? 'mid' : 'low';
  return {
    externalUserId,
    totalSpendFen,
    annualSpendFen,
    orderCount: orders.length,
    firstOrderAt: Math.min(...times),
    lastOrderAt: Math.max(...times),
    valueLayer,
    highValue: totalSpendFen >= thresholds.oneToOneFen,
  };
}

/** Yuan as tag rules and people write it, from fen. */
export const yuan = (fen: number): number => fen / 100;
