/**
 * Staff handovers (在职继承 / 离职继承) and the ones WeCom could not complete.
 * - `POST /handovers` `{ kind: 'on_job'|'resigned', handoverUserId, takeoverUserIds, externalUserIds?, message? }`
 *   → 201 `{ accepted: { [takeoverUserId]: externalUserId[] }, rejected, skipped, unassigned }`.
 *   Without externalUserIds every active customer of handoverUserId moves, spread over the
 *   takeover salespeople by load under the 5,000-customer cap.
 * - `GET /handovers?status&handoverUserId&kind&limit=100` → 200 `{ items }`, newest first
 * - `POST /handovers/check` → 200 `{ changed }` after asking transfer_result about every waiting
 *   handover (also runs every 30 minutes in the worker role)
 * - `GET /transfer-failures?limit=50` → 200 `{ items: [{ takeoverUserId, externalUserId, reason, occurredAt }] }`,
 *   newest first (`transfer_fail`: the customer refused, or the takeover salesperson is at capacity).
 */
import Router from '@koa/router';
import { z } from 'zod';
import { checkHandoverResults, listHandovers, startHandover, type HandoverDeps } from '../../app/admin/handovers.ts';
import { MAX_HANDOVER_MESSAGE_LENGTH } from '../../domain/contact/handover.ts';
import type { TransferFailureLog } from '../../domain/ports.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput } from './admin.schema.ts';

const failuresQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const userId = z.string().min(1).max(64);
const kind = z.enum(['on_job', 'resigned']);
const status = z.enum(['waiting', 'completed', 'refused', 'limit_exceeded', 'no_record', 'rejected']);

export const handoverRequestSchema = z.strictObject({
  kind,
  handoverUserId: userId,
  takeoverUserIds: z.array(userId).min(1).max(100),
  externalUserIds: z.array(z.string().min(1).max(128)).min(1).max(10_000).optional(),
  message: z.string().trim().min(1).max(MAX_HANDOVER_MESSAGE_LENGTH).optional(),
});

const handoverQuerySchema = z.strictObject({
  status: status.optional(),
  handoverUserId: userId.optional(),
  kind: kind.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

export function adminTransferRoutes(options: {
  basePath: string;
  transferFailures: TransferFailureLog;
  handovers: HandoverDeps;
}): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { basePath, handovers } = options;

  router.get(`${basePath}/transfer-failures`, async (ctx) => {
    const { limit } = parseInput(failuresQuerySchema, ctx.query, '(query)');
    ctx.body = { items: await options.transferFailures.recent(limit) };
  });

  router.post(`${basePath}/handovers`, async (ctx) => {
    const request = parseInput(handoverRequestSchema, await readJsonBody(ctx));
    ctx.status = 201;
    ctx.body = await startHandover(handovers, request);
  });

  router.get(`${basePath}/handovers`, async (ctx) => {
    const filters = parseInput(handoverQuerySchema, ctx.query, '(query)');
    ctx.body = { items: await listHandovers(handovers, filters) };
  });

  router.post(`${basePath}/handovers/check`, async (ctx) => {
    ctx.body = { changed: await checkHandoverResults(handovers) };
  });

  return router;
}
