/**
 * /api/admin/campaigns: check-in campaigns (打卡活动) in customer groups.
 * - `GET /campaigns` → 200 `{ items }`; `POST /campaigns` → 201 the campaign + Location
 *   (rules default to the product's defaults, and any rule given replaces its default)
 * - `GET|PATCH /campaigns/:id` → 200 the campaign (PATCH merges `rules` key by key;
 *   `{ "status": "archived" }` ends it early)
 * - `GET /campaigns/:id/health[?chatId=]` → retention, per-day participation, completion, points
 * - `GET /campaigns/:id/leaderboard` → `{ items }` top 10 by streak, then points
 * - `GET /campaigns/:id/ledger.csv` → the points ledger as CSV
 * - `GET /campaigns/:id/rewards[?announced=true|false]` → stage rewards reached;
 *   `POST /campaigns/:id/rewards/:grantId/fulfil` → 204 once handed over
 * 400 names bad fields; 404 `campaign_not_found` / `reward_not_found`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { campaignRewards, createCampaign, fulfilReward, listCampaigns, updateCampaign, type CampaignAdminDeps } from '../../app/admin/campaigns.ts';
import { campaignOrThrow, healthOf, leaderboardOf, ledgerCsv, type CampaignReportDeps } from '../../app/campaigns/campaign-reports.ts';
import type { Campaign } from '../../domain/campaign/campaign.ts';
import { isIsoDate, isTimeZone } from '../../domain/local-time.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { hhmmSchema, numericIdSchema, parseInput } from './admin.schema.ts';

const MAX_LIST = 50;

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const rulesSchema = z.strictObject({
  window: z.strictObject({ from: hhmmSchema, to: hhmmSchema }),
  keywords: z.array(z.string().trim().min(1).max(20)).max(MAX_LIST),
  patterns: z.array(z.string().min(1).max(200).refine(compiles, { message: 'must be a valid regular expression' })).max(MAX_LIST),
  imageCounts: z.boolean(),
  pointsPerCheckIn: z.int().min(0).max(10_000),
  streakBonuses: z.array(z.strictObject({ streak: z.int().min(2).max(366), points: z.int().min(0).max(100_000) })).max(MAX_LIST),
  stages: z.array(z.strictObject({ day: z.int().min(1).max(366), reward: z.string().trim().min(1).max(200) })).max(MAX_LIST),
  makeUp: z.strictObject({ max: z.int().min(0).max(366), withinDays: z.int().min(0).max(30) }),
  reminders: z.array(z.strictObject({ time: hhmmSchema, text: z.string().trim().min(1).max(500) })).max(10),
  mentionCap: z.int().min(1).max(100),
  reminderMaxMessages: z.int().min(1).max(20),
  ackBatchSeconds: z.int().min(0).max(3_600),
  sources: z.enum(['bot', 'archive', 'both']),
  voice: z.enum(['bot', 'sidebar', 'both']),
  // null switches the summary off (the key is never shown, so it cannot be edited back).
  summaryWebhookKey: z.string().regex(/^[\w-]{8,64}$/, { message: 'must be the key= value of the robot webhook URL' }).nullable(),
  summaryTime: hhmmSchema,
});

const fields = {
  name: z.string().trim().min(1).max(100),
  chatIds: z.array(z.string().min(1).max(128)).min(1).max(MAX_LIST),
  startDate: z.string().refine(isIsoDate, { message: 'must be a date YYYY-MM-DD' }),
  days: z.int().min(1).max(366),
  timezone: z.string().refine(isTimeZone, { message: 'must be an IANA timezone such as Asia/Shanghai' }),
  rules: rulesSchema.partial(),
};

export const campaignCreateSchema = z.strictObject({ ...fields, timezone: fields.timezone.optional(), rules: fields.rules.optional() });

export const campaignPatchSchema = z
  .strictObject({
    name: fields.name.optional(),
    chatIds: fields.chatIds.optional(),
    startDate: fields.startDate.optional(),
    days: fields.days.optional(),
    timezone: fields.timezone.optional(),
    status: z.enum(['active', 'archived']).optional(),
    rules: fields.rules.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

/** The campaign as JSON: the robot key is a secret, so only whether one is set is shown. */
export function presentCampaign(campaign: Campaign) {
  const { summaryWebhookKey, ...rules } = campaign.rules;
  return { ...campaign, rules: { ...rules, summaryWebhook: Boolean(summaryWebhookKey) } };
}

const idOf = (ctx: Context, param = 'id'): number => parseInput(numericIdSchema, ctx.params[param], param);

export function adminCampaignRoutes(options: { basePath: string; deps: CampaignAdminDeps & CampaignReportDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const collection = `${options.basePath}/campaigns`;
  const item = `${collection}/:id`;

  router.get(collection, async (ctx) => {
    ctx.body = { items: (await listCampaigns(deps)).map(presentCampaign) };
  });

  router.post(collection, async (ctx) => {
    const campaign = await createCampaign(deps, parseInput(campaignCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${collection}/${campaign.id}`);
    ctx.body = presentCampaign(campaign);
  });

  router.get(item, async (ctx) => {
    ctx.body = presentCampaign(await campaignOrThrow(deps, idOf(ctx)));
  });

  router.patch(item, async (ctx) => {
    const id = idOf(ctx);
    ctx.body = presentCampaign(await updateCampaign(deps, { id, changes: parseInput(campaignPatchSchema, await readJsonBody(ctx)) }));
  });

  router.get(`${item}/health`, async (ctx) => {
    const chatId = parseInput(z.string().min(1).max(128).optional(), ctx.query.chatId, 'chatId');
    ctx.body = await healthOf(deps, idOf(ctx), chatId);
  });

  router.get(`${item}/leaderboard`, async (ctx) => {
    ctx.body = { items: await leaderboardOf(deps, idOf(ctx)) };
  });

  router.get(`${item}/ledger.csv`, async (ctx) => {
    const id = idOf(ctx);
    ctx.body = await ledgerCsv(deps, id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="campaign-${id}-points.csv"`);
  });

  router.get(`${item}/rewards`, async (ctx) => {
    const announced = parseInput(z.enum(['true', 'false']).optional(), ctx.query.announced, 'announced');
    ctx.body = { items: await campaignRewards(deps, idOf(ctx), announced === undefined ? {} : { announced: announced === 'true' }) };
  });

  router.post(`${item}/rewards/:grantId/fulfil`, async (ctx) => {
    await fulfilReward(deps, { campaignId: idOf(ctx), grantId: idOf(ctx, 'grantId') });
    ctx.status = 204;
  });

  return router;
}
