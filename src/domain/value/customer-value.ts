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

/** RFM scores, 1 (worst) to 5 (best) each; `code` reads like "545". */
export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
  code: string;
}

const DAY_SECONDS = 86_400;
/** Days since the last order up to which recency scores 5, 4, 3, 2 (older: 1). */
const RECENCY_DAYS = [30, 60, 90, 180];
/** Orders from which frequency scores 5, 4, 3, 2 (one order: 1). */
const FREQUENCY_ORDERS = [6, 4, 3, 2];

function score(value: number, steps: readonly number[], higherIsBetter: boolean): number {
  const index = steps.findIndex((step) => (higherIsBetter ? value >= step : value <= step));
  return index === -1 ? 1 : 5 - index;
}

/**
 * RFM on the thresholds the product already uses: monetary is 5 from the 1:1-only line,
 * 4 from the high layer's spend, 3 from the mid layer's, 2 from half of it.
 */
export function rfmScores(value: Pick<CustomerValue, 'lastOrderAt' | 'orderCount' | 'totalSpendFen'>, now: number, thresholds = DEFAULT_VALUE_THRESHOLDS): RfmScores {
  const recency = score(Math.floor((now - value.lastOrderAt) / DAY_SECONDS), RECENCY_DAYS, false);
  const frequency = score(value.orderCount, FREQUENCY_ORDERS, true);
  const monetary = score(value.totalSpendFen, [thresholds.oneToOneFen, thresholds.highAnnualFen, thresholds.midAnnualFen, thresholds.midAnnualFen / 2], true);
  return { recency, frequency, monetary, code: `${recency}${frequency}${monetary}` };
}

/** Everything the admin reads about a customer's value, in yuan. */
export interface CustomerValueView {
  externalUserId: string;
  totalSpend: number;
  annualSpend: number;
  orderCount: number;
  averageOrder: number;
  firstOrderAt: number;
  lastOrderAt: number;
  /** Bought more than once. */
  repurchased: boolean;
  valueLayer: ValueLayer;
  /** Served 1:1 only (no mass messages). */
  highValue: boolean;
  rfm: RfmScores;
}

export function valueView(value: CustomerValue, now: number, thresholds = DEFAULT_VALUE_THRESHOLDS): CustomerValueView {
  return {
    externalUserId: value.externalUserId,
    totalSpend: yuan(value.totalSpendFen),
    annualSpend: yuan(value.annualSpendFen),
    orderCount: value.orderCount,
    averageOrder: yuan(Math.round(value.totalSpendFen / Math.max(1, value.orderCount))),
    firstOrderAt: value.firstOrderAt,
    lastOrderAt: value.lastOrderAt,
    repurchased: value.orderCount >= 2,
    valueLayer: value.valueLayer,
    highValue: value.highValue,
    rfm: rfmScores(value, now, thresholds),
  };
}
