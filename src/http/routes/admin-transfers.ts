/**
 * /api/admin/transfer-failures: handovers WeCom reported it could not complete
 * (`transfer_fail`: the customer refused, or the takeover salesperson is at capacity).
 * - `GET /transfer-failures?limit=50` → 200 `{ items: [{ takeoverUserId, externalUserId, reason, occurredAt }] }`,
 *   newest first; `occurredAt` is unix seconds.
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { TransferFailureLog } from '../../domain/ports.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput } from './admin.schema.ts';

const querySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function adminTransferRoutes(options: { basePath: string; transferFailures: TransferFailureLog }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  router.get(`${options.basePath}/transfer-failures`, async (ctx) => {
    const { limit } = parseInput(querySchema, ctx.query, '(query)');
    ctx.body = { items: await options.transferFailures.recent(limit) };
  });
  return router;
}
