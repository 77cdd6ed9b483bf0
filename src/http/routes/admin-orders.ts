/**
 * `POST /api/admin/orders` (application/x-ndjson or application/jsonl, ≤ 10 MB): one order
 * per line, `{ orderId, externalUserId | unionId | phone (a remark mobile a salesperson noted), amount (yuan), items?: [{ sku?, name,
 * quantity }], orderedAt (unix seconds or ISO time with zone), channel? }`. Idempotent by
 * orderId. Bad lines are reported with the reason and the good ones kept → 200
 * `{ accepted, duplicates, rejected: [{ line, reason }], customersUpdated }`.
 * `GET /api/admin/customers/:externalUserId/value` → 200 the customer's value (spend, annual
 * spend, orders, average order, first and last purchase, repurchased, layer, 1:1-only, RFM
 * scores); 404 `no_orders` for a customer without orders.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { customerValueOf, importOrders, type ImportedOrder, type OrderImportDeps } from '../../app/import-orders.ts';
import { ValidationError } from '../../shared/errors.ts';
import { readJsonLinesBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { describeIssues, externalUserIdSchema, parseInput } from './admin.schema.ts';
import { IMPORT_BODY_LIMIT } from './admin-messages.ts';

const MAX_ORDER_LINES = 50_000;

const unixSeconds = z.union([
  z.number().int().positive(),
  z.iso.datetime({ offset: true }).transform((iso) => Math.floor(Date.parse(iso) / 1000)),
]);

export const orderLineSchema = z
  .strictObject({
    orderId: z.string().min(1).max(128),
    externalUserId: z.string().min(1).max(128).optional(),
    unionId: z.string().min(1).max(128).optional(),
    phone: z.string().min(1).max(32).optional(),
    amount: z.number().nonnegative().max(10_000_000),
    items: z.array(z.strictObject({ sku: z.string().max(64).optional(), name: z.string().min(1).max(200), quantity: z.number().int().positive() })).max(200).default([]),
    orderedAt: unixSeconds,
    channel: z.string().max(64).optional(),
  })
  .refine((o) => [o.externalUserId, o.unionId, o.phone].filter(Boolean).length === 1, { message: 'name the customer by exactly one of externalUserId, unionId and phone' });

export function adminOrderRoutes(options: { basePath: string; deps: OrderImportDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });

  router.post(`${options.basePath}/orders`, async (ctx) => {
    const lines = await readJsonLinesBody(ctx, { limit: IMPORT_BODY_LIMIT });
    if (lines.length > MAX_ORDER_LINES) throw new ValidationError(`at most ${MAX_ORDER_LINES} lines per import (got ${lines.length})`);
    const rejected: { line: number; reason: string }[] = [];
    const rows: { line: number; order: ImportedOrder }[] = [];
    for (const line of lines) {
      if ('error' in line) {
        rejected.push({ line: line.line, reason: line.error });
        continue;
      }
      const parsed = orderLineSchema.safeParse(line.value);
      if (!parsed.success) {
        rejected.push({ line: line.line, reason: describeIssues(parsed.error.issues, 'order') });
        continue;
      }
      const { amount, ...order } = parsed.data;
      rows.push({ line: line.line, order: { ...order, amountFen: Math.round(amount * 100) } });
    }
    const result = await importOrders(options.deps, rows);
    ctx.body = { ...result, rejected: [...rejected, ...result.rejected].sort((a, b) => a.line - b.line) };
  });

  router.get(`${options.basePath}/customers/:externalUserId/value`, async (ctx) => {
    ctx.body = await customerValueOf(options.deps, parseInput(externalUserIdSchema, ctx.params.externalUserId, 'externalUserId'));
  });

  return router;
}
