/**
 * /api/admin/quality: conversation quality alerts (会话质检).
 * - `GET|POST /quality/rules`, `GET|PATCH|DELETE /quality/rules/:id`: sensitive words and
 *   patterns `{ name, kind: word|regex, pattern, matchMode: whole|fuzzy, directions?, userIds?, enabled? }`
 * - `GET|PUT /quality/settings`: `{ workingHours: { timeZone, weekdays, from, to }, replyTimeoutMinutes }`
 * - `GET|PUT /quality/leads`: `{ leads: { userId: leadUserId } }` (replaces the whole mapping)
 * - `GET /quality/alerts?userId&kind&from&to&limit`: newest first (from/to as unix s, YYYY-MM-DD or ISO)
 * - `GET /quality/summary?week=YYYY-MM-DD` (a Monday): per salesperson, alerts by kind and
 *   the median and p90 first-reply time in working minutes
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  createQualityRule,
  deleteQualityRule,
  getQualityRule,
  listQualityAlerts,
  listQualityRules,
  saveQualityLeads,
  saveQualitySettings,
  updateQualityRule,
  weeklyQualitySummary,
  type QualityAdminDeps,
} from '../../app/quality/quality-admin.ts';
import { ALERT_KINDS } from '../../domain/quality/quality.ts';
import { MAX_PATTERN_LENGTH } from '../../domain/quality/sensitive-match.ts';
import { isWeekStart } from '../../domain/quality/weekly-summary.ts';
import { readJsonBody } from '../json-body.ts';
import { servingUserIdsOf } from '../middleware/admin-access.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { hhmmSchema, numericIdSchema, parseInput, timeBound } from './admin.schema.ts';

const userIdSchema = z.string().min(1).max(64);
const MAX_ALERTS = 500;

const ruleFields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['word', 'regex']),
  // Trimmed: a pattern of spaces would match nearly every message.
  pattern: z.string().trim().min(1).max(MAX_PATTERN_LENGTH),
  matchMode: z.enum(['whole', 'fuzzy']),
  directions: z.array(z.enum(['in', 'out'])).min(1).max(2).transform((d) => [...new Set(d)]),
  userIds: z.array(userIdSchema).max(1000),
  enabled: z.boolean(),
};

export const qualityRuleCreateSchema = z.strictObject({
  ...ruleFields,
  directions: ruleFields.directions.default(['out']),
  userIds: ruleFields.userIds.default([]),
  enabled: ruleFields.enabled.default(true),
});

export const qualityRulePatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(ruleFields).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof typeof ruleFields]: z.ZodOptional<(typeof ruleFields)[K]> })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export const qualitySettingsSchema = z.strictObject({
  workingHours: z.strictObject({
    timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).transform((d) => [...new Set(d)].sort()),
    from: hhmmSchema,
    to: hhmmSchema,
  }),
  replyTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60),
});

export const qualityLeadsSchema = z.strictObject({ leads: z.record(userIdSchema, userIdSchema) });

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const qualityAlertQuerySchema = z.strictObject({
  userId: optional(userIdSchema),
  kind: optional(z.enum(ALERT_KINDS)),
  from: optional(timeBound('from')),
  to: optional(timeBound('to')),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(MAX_ALERTS).default(100)),
});

export const qualitySummaryQuerySchema = z.strictObject({
  week: z.string().refine(isWeekStart, { message: 'must be a Monday as YYYY-MM-DD' }),
});

const ruleId = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

export function adminQualityRoutes(options: { basePath: string; deps: QualityAdminDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const base = `${options.basePath}/quality`;
  const rules = `${base}/rules`;

  router.get(rules, async (ctx) => {
    ctx.body = { items: await listQualityRules(deps) };
  });
  router.post(rules, async (ctx) => {
    const rule = await createQualityRule(deps, parseInput(qualityRuleCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${rules}/${rule.id}`);
    ctx.body = rule;
  });
  router.get(`${rules}/:id`, async (ctx) => {
    ctx.body = await getQualityRule(deps, ruleId(ctx));
  });
  router.patch(`${rules}/:id`, async (ctx) => {
    const id = ruleId(ctx);
    ctx.body = await updateQualityRule(deps, id, parseInput(qualityRulePatchSchema, await readJsonBody(ctx)));
  });
  router.delete(`${rules}/:id`, async (ctx) => {
    await deleteQualityRule(deps, ruleId(ctx));
    ctx.status = 204;
  });

  router.get(`${base}/settings`, async (ctx) => {
    ctx.body = await deps.settings.settings();
  });
  router.put(`${base}/settings`, async (ctx) => {
    ctx.body = await saveQualitySettings(deps, parseInput(qualitySettingsSchema, await readJsonBody(ctx)));
  });
  router.get(`${base}/leads`, async (ctx) => {
    ctx.body = { leads: await deps.settings.leads() };
  });
  router.put(`${base}/leads`, async (ctx) => {
    ctx.body = { leads: await saveQualityLeads(deps, parseInput(qualityLeadsSchema, await readJsonBody(ctx)).leads) };
  });

  router.get(`${base}/alerts`, async (ctx) => {
    const query = parseInput(qualityAlertQuerySchema, ctx.query, '(query)');
    // `to` is inclusive (a date means its last second); the store's bound is exclusive.
    const items = await listQualityAlerts(deps, { ...query, servingUserIds: servingUserIdsOf(ctx.state), ...(query.to !== undefined ? { to: query.to + 1 } : {}) });
    ctx.body = { items };
  });
  router.get(`${base}/summary`, async (ctx) => {
    ctx.body = await weeklyQualitySummary(deps, parseInput(qualitySummaryQuerySchema, ctx.query, '(query)').week);
  });

  return router;
}
