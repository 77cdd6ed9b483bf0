/**
 * The periodic pass over every buyer's value. An import recomputes the customers it
 * touched, but annual spend (and with it the value layer) also changes as orders age past
 * a year, and new thresholds (VALUE_* settings) apply to everyone after a restart; so the
 * pass recomputes each buyer a page at a time and writes only the values that changed.
 */
import type { OrderStore } from '../domain/ports.ts';
import { customerValue, DEFAULT_VALUE_THRESHOLDS, type CustomerValue, type ValueThresholds } from '../domain/value/customer-value.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';

export interface ValueRefreshDeps {
  orders: Pick<OrderStore, 'buyerIds' | 'ordersOfMany' | 'valuesOf' | 'saveValues'>;
  clock: Clock;
  thresholds?: ValueThresholds;
}

/** 500 ids stay under SQLite's and PostgreSQL's parameter limits in one IN list. */
const PAGE = 500;

const sameValue = (a: CustomerValue, b: CustomerValue) =>
  a.totalSpendFen === b.totalSpendFen &&
  a.annualSpendFen === b.annualSpendFen &&
  a.orderCount === b.orderCount &&
  a.firstOrderAt === b.firstOrderAt &&
  a.lastOrderAt === b.lastOrderAt &&
  a.valueLayer === b.valueLayer &&
  a.highValue === b.highValue;

/** Returns how many buyers' values changed. */
export async function refreshAllValues(deps: ValueRefreshDeps): Promise<number> {
  const now = nowSeconds(deps.clock);
  const thresholds = deps.thresholds ?? DEFAULT_VALUE_THRESHOLDS;
  let changed = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await deps.orders.buyerIds(after, PAGE);
    if (ids.length === 0) return changed;
    const [orders, stored] = await Promise.all([deps.orders.ordersOfMany(ids), deps.orders.valuesOf(ids)]);
    const updates: CustomerValue[] = [];
    for (const [id, own] of orders) {
      const value = customerValue(id, own, now, thresholds);
      const previous = stored.get(id);
      if (!previous || !sameValue(previous, value)) updates.push(value);
    }
    await deps.orders.saveValues(updates);
    changed += updates.length;
    after = ids[ids.length - 1];
  }
}
