/**
 * Orders imported from shops and mini-programs: each stored once by order id, then the
 * value of every customer with new orders is recomputed, and tag rules on spend run for
 * each salesperson who serves them ("crossed 5,000 yuan → VIP"). A row whose customer
 * cannot be identified is reported, not stored.
 */
import type { CustomerRoster, OrderStore } from '../domain/ports.ts';
import { customerValue, DEFAULT_VALUE_THRESHOLDS, valueView, yuan, type CustomerValueView, type Order, type ValueThresholds } from '../domain/value/customer-value.ts';
import { normalizePhone, normalizePhones } from '../domain/contact/phone.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';
import { NotFoundError } from '../shared/errors.ts';

export interface OrderImportDeps {
  orders: OrderStore;
  roster: Pick<CustomerRoster, 'activeFollowersOf'>;
  clock: Clock;
  thresholds?: ValueThresholds;
  /** Applies spend rules to one relation (app/apply-tag-rules.ts). */
  applyRules?: (input: { userId: string; externalUserId: string; facts: { totalSpend: number; previousTotalSpend?: number }; operationId: string }) => Promise<unknown>;
  /** Recomputes the lifecycle stage of customers who ordered (app/refresh-lifecycle.ts). */
  refreshStages?: (externalUserIds: string[]) => Promise<unknown>;
}

/** One order as imported: the customer by external user id, by unionid or by a phone a salesperson noted. */
export type ImportedOrder = Omit<Order, 'externalUserId'> & { externalUserId?: string; unionId?: string; phone?: string };

export interface OrderImportResult {
  accepted: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
  customersUpdated: number;
}

/** The order's customer, or why it cannot be told: a phone two customers share names neither. */
function identify(order: ImportedOrder, byUnionId: Map<string, string>, byPhone: Map<string, string[]>): { externalUserId: string } | { reason: string } {
  if (order.externalUserId) return { externalUserId: order.externalUserId };
  if (order.unionId) {
    const externalUserId = byUnionId.get(order.unionId);
    return externalUserId ? { externalUserId } : { reason: `no known customer with unionid ${order.unionId}` };
  }
  const phone = normalizePhone(order.phone ?? '');
  if (!phone) return { reason: `phone ${order.phone ?? ''} is not a phone number` };
  const customers = byPhone.get(phone) ?? [];
  if (customers.length === 1) return { externalUserId: customers[0]! };
  return { reason: customers.length === 0 ? `no known customer with phone ${phone}` : `phone ${phone} is noted for ${customers.length} customers (${customers.join(', ')}): name the customer by externalUserId` };
}

export async function importOrders(deps: OrderImportDeps, rows: { line: number; order: ImportedOrder }[]): Promise<OrderImportResult> {
  const unionIds = [...new Set(rows.flatMap(({ order }) => (!order.externalUserId && order.unionId ? [order.unionId] : [])))];
  const phones = normalizePhones(rows.flatMap(({ order }) => (!order.externalUserId && !order.unionId && order.phone ? [order.phone] : [])));
  const [byUnionId, byPhone] = await Promise.all([deps.orders.externalUserIdsByUnionId(unionIds), deps.orders.externalUserIdsByPhone(phones)]);
  const rejected: OrderImportResult['rejected'] = [];
  const orders: Order[] = [];
  for (const { line, order } of rows) {
    const found = identify(order, byUnionId, byPhone);
    if ('reason' in found) {
      rejected.push({ line, reason: found.reason });
      continue;
    }
    const { externalUserId } = found;
    orders.push({
      orderId: order.orderId,
      externalUserId,
      amountFen: order.amountFen,
      items: order.items,
      orderedAt: order.orderedAt,
      ...(order.channel ? { channel: order.channel } : {}),
    });
  }
  const fresh = new Set(await deps.orders.addMany(orders));
  const customers = [...new Set(orders.filter((o) => fresh.has(o.orderId)).map((o) => o.externalUserId))];
  const now = nowSeconds(deps.clock);
  for (const externalUserId of customers) {
    const previous = await deps.orders.valueOf(externalUserId);
    const value = customerValue(externalUserId, await deps.orders.ordersOf(externalUserId), now, deps.thresholds ?? DEFAULT_VALUE_THRESHOLDS);
    await deps.orders.saveValue(value);
    if (!deps.applyRules) continue;
    const firstNew = orders.find((o) => o.externalUserId === externalUserId && fresh.has(o.orderId))!;
    for (const userId of await deps.roster.activeFollowersOf(externalUserId)) {
      await deps.applyRules({
        userId,
        externalUserId,
        facts: { totalSpend: yuan(value.totalSpendFen), ...(previous ? { previousTotalSpend: yuan(previous.totalSpendFen) } : { previousTotalSpend: 0 }) },
        operationId: `order-${firstNew.orderId}`,
      });
    }
  }
  await deps.refreshStages?.(customers);
  return { accepted: fresh.size, duplicates: orders.length - fresh.size, rejected, customersUpdated: customers.length };
}

/** One customer's value: spend, orders, average order, repurchase, layer, 1:1-only, RFM. */
export async function customerValueOf(deps: Pick<OrderImportDeps, 'orders' | 'clock' | 'thresholds'>, externalUserId: string): Promise<CustomerValueView> {
  const value = await deps.orders.valueOf(externalUserId);
  if (!value) throw new NotFoundError(`no orders for customer ${externalUserId}`, 'no_orders');
  return valueView(value, nowSeconds(deps.clock), deps.thresholds ?? DEFAULT_VALUE_THRESHOLDS);
}
