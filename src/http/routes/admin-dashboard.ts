/**
 * /api/admin/dashboard: the operators' metrics for a range of China days.
 * - `GET /dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included, at most 366) → 200
 *   Dashboard (domain/metrics/dashboard.ts): `days[]`, `totals` with rates (null when there
 *   is nothing to divide by), `stages` now, `loads` per salesperson against `cap`; money in yuan.
 *   400 `invalid_input` naming the bad parameter.
 * - `GET /dashboard/breakdown?by=salesperson|channel&from&to` → 200 Breakdown
 *   (domain/metrics/breakdown.ts): one row per salesperson or channel `state` with adds,
 *   churn, first contact, reply rate, orders, revenue and 30-/60-day conversion.
 * - `GET /dashboard/campaigns` → 200 `{ campaigns: CampaignFigures[] }`: retention and
 *   average daily participation of every active check-in campaign.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { getBreakdown, getCampaignFigures, getDashboard, type DashboardDeps } from '../../app/admin/dashboard.ts';
import { BREAKDOWN_DIMENSIONS } from '../../domain/metrics/breakdown.ts';
import { servingUserIdsOf } from '../middleware/admin-access.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput } from './admin.schema.ts';

/** The calendar checks (real day, order, length) are the use case's; this only takes the shape. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
export const dashboardQuerySchema = z.strictObject({ from: day, to: day });
const breakdownQuerySchema = dashboardQuerySchema.extend({ by: z.enum(BREAKDOWN_DIMENSIONS) });

export function adminDashboardRoutes(options: { basePath: string; deps: DashboardDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  router.get(`${options.basePath}/dashboard`, async (ctx) => {
    const range = parseInput(dashboardQuerySchema, ctx.query, '(query)');
    ctx.body = await getDashboard(options.deps, { ...range, servingUserIds: servingUserIdsOf(ctx.state) });
  });
  router.get(`${options.basePath}/dashboard/breakdown`, async (ctx) => {
    ctx.body = await getBreakdown(options.deps, { ...parseInput(breakdownQuerySchema, ctx.query, '(query)'), servingUserIds: servingUserIdsOf(ctx.state) });
  });
  router.get(`${options.basePath}/dashboard/campaigns`, async (ctx) => {
    ctx.body = { campaigns: await getCampaignFigures(options.deps) };
  });
  return router;
}
