/**
 * /api/admin/scripts: the reply script library (话术库).
 * - `GET /scripts` → 200 `{ items: ScriptJson[] }`, by id
 * - `POST /scripts` `{ title, text, intents?, scenes?, stages?, tagIds?, attachments?, enabled? }`
 *   → 201 the script + Location; 400 naming bad fields or unknown corp tags
 * - `GET /scripts/suggest?intent=&scene=&stage=&tagIds=a,b&limit=` → 200
 *   `{ items: [{ script, score, reasons }] }`, best first (limit 1–20, default 5)
 * - `GET|PATCH|DELETE /scripts/:id` → 200 the script (GET, PATCH) or 204 (DELETE);
 *   400 when `:id` is not a positive integer, 404 `not_found` for an unknown id
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { createScript, deleteScript, getScript, listScripts, suggestScripts, updateScript, type ScriptAdminDeps } from '../../app/admin/scripts.ts';
import { INTENTS } from '../../domain/intent/labels.ts';
import { SCENE_KEYS } from '../../domain/intent/scene.ts';
import { DEFAULT_SUGGESTIONS, type ReplyScript } from '../../domain/scripts/reply-scripts.ts';
import { LIFECYCLE_STAGES } from '../../domain/tags/tag-rules.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput } from './admin.schema.ts';
import { tagIdsSchema } from './admin-tag-rules.ts';

/** WeCom shows at most 9 attachments with a message. */
const MAX_ATTACHMENTS = 9;
const MAX_SUGGESTIONS = 20;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

const attachmentSchema = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.literal('image'), mediaId: z.string().min(1).max(256).optional(), url: httpUrl.optional() })
    .refine((image) => image.mediaId !== undefined || image.url !== undefined, { message: 'mediaId or url is required' }),
  z.strictObject({
    type: z.literal('link'),
    title: z.string().min(1).max(128),
    url: httpUrl,
    desc: z.string().max(512).optional(),
    picUrl: httpUrl.optional(),
  }),
]);

const scriptFields = {
  title: z.string().trim().min(1).max(100),
  text: z.string().min(1).max(2000),
  intents: z.array(z.enum(INTENTS)).max(INTENTS.length),
  scenes: z.array(z.enum(SCENE_KEYS)).max(SCENE_KEYS.length),
  stages: z.array(z.enum(LIFECYCLE_STAGES)).max(LIFECYCLE_STAGES.length),
  tagIds: tagIdsSchema,
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS),
  enabled: z.boolean(),
};

export const scriptCreateSchema = z.strictObject({
  title: scriptFields.title,
  text: scriptFields.text,
  intents: scriptFields.intents.default([]),
  scenes: scriptFields.scenes.default([]),
  stages: scriptFields.stages.default([]),
  tagIds: scriptFields.tagIds.default([]),
  attachments: scriptFields.attachments.default([]),
  enabled: scriptFields.enabled.default(true),
});

export const scriptPatchSchema = z
  .strictObject({
    title: scriptFields.title.optional(),
    text: scriptFields.text.optional(),
    intents: scriptFields.intents.optional(),
    scenes: scriptFields.scenes.optional(),
    stages: scriptFields.stages.optional(),
    tagIds: scriptFields.tagIds.optional(),
    attachments: scriptFields.attachments.optional(),
    enabled: scriptFields.enabled.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

/** An empty query value (a blank form field) means "not given". */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const scriptSuggestQuerySchema = z.strictObject({
  intent: blankAsAbsent(z.enum(INTENTS)),
  scene: blankAsAbsent(z.enum(SCENE_KEYS)),
  stage: blankAsAbsent(z.enum(LIFECYCLE_STAGES)),
  tagIds: blankAsAbsent(
    z
      .string()
      .max(4000)
      .transform((list) => list.split(',').map((tagId) => tagId.trim()).filter(Boolean))
      .pipe(tagIdsSchema),
  ),
  limit: blankAsAbsent(z.coerce.number().int().min(1).max(MAX_SUGGESTIONS)).transform((limit) => limit ?? DEFAULT_SUGGESTIONS),
});

/** JSON of one script. */
export function presentScript(script: ReplyScript) {
  return {
    id: script.id,
    title: script.title,
    text: script.text,
    intents: script.intents,
    scenes: script.scenes,
    stages: script.stages,
    tagIds: script.tagIds,
    attachments: script.attachments,
    enabled: script.enabled,
    usageCount: script.usageCount,
  };
}

export type ScriptJson = ReturnType<typeof presentScript>;

const scriptId = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

/**
 * The reply script routes.
 * @param options - base path, and the script repository with the corp tag mirror
 */
export function adminScriptRoutes(options: { basePath: string; deps: ScriptAdminDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const collection = `${options.basePath}/scripts`;
  const item = `${collection}/:id`;

  router.get(collection, async (ctx) => {
    ctx.body = { items: (await listScripts(deps)).map(presentScript) };
  });

  router.post(collection, async (ctx) => {
    const input = parseInput(scriptCreateSchema, await readJsonBody(ctx));
    const script = await createScript(deps, input);
    ctx.status = 201;
    ctx.set('Location', `${collection}/${script.id}`);
    ctx.body = presentScript(script);
  });

  // Before `:id`, which would take "suggest" for an id and answer 400.
  router.get(`${collection}/suggest`, async (ctx) => {
    const { limit, ...context } = parseInput(scriptSuggestQuerySchema, ctx.query, '(query)');
    const ranked = await suggestScripts(deps, context, limit);
    ctx.body = { items: ranked.map(({ script, score, reasons }) => ({ script: presentScript(script), score, reasons })) };
  });

  router.get(item, async (ctx) => {
    ctx.body = presentScript(await getScript(deps, scriptId(ctx)));
  });

  router.patch(item, async (ctx) => {
    const id = scriptId(ctx);
    const changes = parseInput(scriptPatchSchema, await readJsonBody(ctx));
    ctx.body = presentScript(await updateScript(deps, { id, changes }));
  });

  router.delete(item, async (ctx) => {
    await deleteScript(deps, scriptId(ctx));
    ctx.status = 204;
  });

  return router;
}
