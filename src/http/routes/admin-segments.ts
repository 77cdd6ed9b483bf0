/**
 * /api/admin/segments and /api/admin/recalls: saved segments (人群) and recall campaigns (召回).
 * - `GET /segments` → 200 `{ items }`; `POST /segments` `{ name, definition }` → 201 + Location
 * - `GET|PATCH|DELETE /segments/:id` → 200 the segment (GET, PATCH) or 204 (DELETE)
 * - `GET /segments/:id/preview?limit=20` → 200 `{ count, members }` (name, salesperson, stage, layer, spend)
 * - `POST /segments/preview` `{ definition, limit? }` → the same for an unsaved definition
 * - `GET /segments/:id/members.csv` → every member as CSV (UTF-8 with BOM, formulas defused)
 * - `POST /recalls` `{ segmentId, text, attachments?, frequencyCapDays?, windowDays? }` → 202
 *   the recall, `status: 'queued'`; sending starts at once in the background (a large segment
 *   takes minutes). `GET /recalls/:id` shows `status` (queued → sending → sent) and, once
 *   sent, `summary`: mass messages per salesperson, tasks for 1:1-only members, how many the
 *   frequency cap kept out
 * - `GET /recalls` → 200 `{ items }` newest first; `GET /recalls/:id` → the recall with its
 *   recipients (pending, sent, failed), recalled and rate; `POST /recalls/:id/check` polls WeCom now
 * 400 names bad fields; 404 `segment_not_found` / `recall_not_found`.
 *
 * A definition: `{ tags?: { match: 'any'|'all', tagIds }, stages?, layers?, channels?,
 * userIds?, lastContact?: { minDays?, maxDays?, includeNever? }, lastOrder?: (same),
 * spend?: { min?, max? }, annualSpend?: (same), highValue?, customFields?: [{ field, op, … }] }`
 * — days both included, yuan `min` included and `max` excluded (domain/segments/segment.ts);
 * custom-field conditions as in domain/custom-fields/custom-field.ts, all must hold.
 */
import { Readable } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { checkRecallResults, getRecall, queueRecall, sendRecall, listRecalls, recallWithReport, type RecallDeps } from '../../app/segments/recalls.ts';
import { createSegment, deleteSegment, getSegment, listSegments, previewDefinition, segmentCsv, updateSegment, type SegmentPreview } from '../../app/segments/segments.ts';
import {
  DEFAULT_FREQUENCY_CAP_DAYS,
  DEFAULT_RECALL_WINDOW_DAYS,
  MASS_MESSAGE_MAX_ATTACHMENTS,
  MASS_MESSAGE_MAX_TEXT_BYTES,
  type Recall,
} from '../../domain/segments/recall.ts';
import { MAX_DAYS, MAX_FILTER_VALUES, MAX_SPEND_YUAN, VALUE_LAYERS, type Segment } from '../../domain/segments/segment.ts';
import { yuan } from '../../domain/value/customer-value.ts';
import { LIFECYCLE_STAGES } from '../../domain/value/lifecycle.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { attachmentSchema, customFieldConditionsSchema, numericIdSchema, parseInput, utf8Text } from './admin.schema.ts';

const DEFAULT_PREVIEW = 20;
const MAX_PREVIEW = 200;
const MAX_RECALL_LIST = 100;

const values = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_FILTER_VALUES);
const dayRange = z.strictObject({ minDays: z.number().int().min(0).max(MAX_DAYS).optional(), maxDays: z.number().int().min(0).max(MAX_DAYS).optional(), includeNever: z.boolean().optional() });
const spendRange = z.strictObject({ min: z.number().min(0).max(MAX_SPEND_YUAN).optional(), max: z.number().min(0).max(MAX_SPEND_YUAN).optional() });

/** The shape; the rules across fields (min ≤ max, no repeats) are the domain's segmentProblems. */
export const segmentDefinitionSchema = z.strictObject({
  tags: z.strictObject({ match: z.enum(['any', 'all']), tagIds: values(z.string().min(1).max(64)) }).optional(),
  stages: values(z.enum(LIFECYCLE_STAGES)).optional(),
  layers: values(z.enum(VALUE_LAYERS as ['high', 'mid', 'low'])).optional(),
  channels: values(z.string().min(1).max(30)).optional(),
  userIds: values(z.string().min(1).max(64)).optional(),
  lastContact: dayRange.optional(),
  lastOrder: dayRange.optional(),
  spend: spendRange.optional(),
  annualSpend: spendRange.optional(),
  highValue: z.boolean().optional(),
  customFields: customFieldConditionsSchema.optional(),
});

const name = z.string().trim().min(1).max(100);
export const segmentCreateSchema = z.strictObject({ name, definition: segmentDefinitionSchema });
export const segmentPatchSchema = z
  .strictObject({ name: name.optional(), definition: segmentDefinitionSchema.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
const limitSchema = z.coerce.number().int().min(1).max(MAX_PREVIEW).default(DEFAULT_PREVIEW);
export const previewBodySchema = z.strictObject({ definition: segmentDefinitionSchema, limit: limitSchema });
const previewQuerySchema = z.strictObject({ limit: z.preprocess((v) => (v === '' ? undefined : v), limitSchema) });

export const recallCreateSchema = z.strictObject({
  segmentId: z.number().int().positive(),
  text: utf8Text(MASS_MESSAGE_MAX_TEXT_BYTES),
  attachments: z.array(attachmentSchema).max(MASS_MESSAGE_MAX_ATTACHMENTS).default([]),
  /** 0: no cap. */
  frequencyCapDays: z.number().int().min(0).max(365).default(DEFAULT_FREQUENCY_CAP_DAYS),
  windowDays: z.number().int().min(1).max(90).default(DEFAULT_RECALL_WINDOW_DAYS),
});

export function presentSegment(segment: Segment) {
  return { id: segment.id, name: segment.name, definition: segment.definition, createdAt: segment.createdAt.toISOString(), updatedAt: segment.updatedAt.toISOString() };
}

export function presentPreview(preview: SegmentPreview) {
  return {
    count: preview.count,
    members: preview.members.map((m) => ({
      externalUserId: m.externalUserId,
      name: m.name,
      salesperson: m.userIds[0] ?? null,
      salespeople: m.userIds,
      stage: m.stage,
      layer: m.layer,
      spend: yuan(m.totalSpendFen),
      highValue: m.highValue,
    })),
  };
}

function presentRecall(recall: Recall) {
  return {
    id: recall.id,
    segmentId: recall.segmentId,
    definition: recall.definition,
    text: recall.text,
    attachments: recall.attachments,
    frequencyCapDays: recall.frequencyCapDays,
    windowDays: recall.windowDays,
    createdAt: recall.createdAt,
    checkedAt: recall.checkedAt ?? null,
    status: recall.status,
    summary: recall.summary ?? null,
  };
}

const idOf = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

/**
 * @param options - base path, and the segment and recall deps (recall deps include the segment ones)
 */
export function adminSegmentRoutes(options: { basePath: string; deps: RecallDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const segments = `${options.basePath}/segments`;
  const segment = `${segments}/:id`;
  const recalls = `${options.basePath}/recalls`;
  const recall = `${recalls}/:id`;

  router.get(segments, async (ctx) => {
    ctx.body = { items: (await listSegments(deps)).map(presentSegment) };
  });

  router.post(segments, async (ctx) => {
    const created = await createSegment(deps, parseInput(segmentCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${segments}/${created.id}`);
    ctx.body = presentSegment(created);
  });

  router.post(`${segments}/preview`, async (ctx) => {
    const input = parseInput(previewBodySchema, await readJsonBody(ctx));
    ctx.body = presentPreview(await previewDefinition(deps, input.definition, input.limit));
  });

  router.get(segment, async (ctx) => {
    ctx.body = presentSegment(await getSegment(deps, idOf(ctx)));
  });

  router.patch(segment, async (ctx) => {
    const id = idOf(ctx);
    ctx.body = presentSegment(await updateSegment(deps, id, parseInput(segmentPatchSchema, await readJsonBody(ctx))));
  });

  router.delete(segment, async (ctx) => {
    await deleteSegment(deps, idOf(ctx));
    ctx.status = 204;
  });

  router.get(`${segment}/preview`, async (ctx) => {
    const id = idOf(ctx);
    const { limit } = parseInput(previewQuerySchema, ctx.query, '(query)');
    ctx.body = presentPreview(await previewDefinition(deps, (await getSegment(deps, id)).definition, limit));
  });

  router.get(`${segment}/members.csv`, async (ctx) => {
    const id = idOf(ctx);
    const lines = await segmentCsv(deps, id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="segment-${id}-members.csv"`);
    ctx.body = Readable.from(lines);
  });

  router.post(recalls, async (ctx) => {
    const queued = await queueRecall(deps, parseInput(recallCreateSchema, await readJsonBody(ctx)));
    const log = ctx.state.log;
    // Not awaited: the recall is durable as queued, and the worker's task resumes it if this process dies.
    sendRecall({ ...deps, logger: log }, queued.id).catch((err: unknown) => log.error({ err, recallId: queued.id }, 'recall sending failed; the worker will resume it'));
    ctx.status = 202;
    ctx.set('Location', `${recalls}/${queued.id}`);
    ctx.body = presentRecall(queued);
  });

  router.get(recalls, async (ctx) => {
    ctx.body = { items: (await listRecalls(deps, MAX_RECALL_LIST)).map(presentRecall) };
  });

  router.get(recall, async (ctx) => {
    const { recall: found, report, windowOpen } = await recallWithReport(deps, idOf(ctx));
    ctx.body = { ...presentRecall(found), ...report, windowOpen };
  });

  router.post(`${recall}/check`, async (ctx) => {
    const id = idOf(ctx);
    await getRecall(deps, id);
    const changed = await checkRecallResults(deps, id);
    const { recall: found, report, windowOpen } = await recallWithReport(deps, id);
    ctx.body = { ...presentRecall(found), ...report, windowOpen, changed };
  });

  return router;
}
