/**
 * /api/admin/tag-rules: the rules that tag customers by themselves (自动打标签).
 * - `GET /tag-rules` → 200 `{ items: TagRuleJson[] }`, by id
 * - `POST /tag-rules` `{ name, trigger, addTagIds?, removeTagIds?, enabled? }` → 201 the rule
 *   + Location; 400 naming bad fields, unknown corp tags, or a rule that changes no tag
 * - `GET|PATCH|DELETE /tag-rules/:id` → 200 the rule (GET, PATCH) or 204 (DELETE);
 *   400 when `:id` is not a positive integer, 404 `not_found` for an unknown id
 *
 * A trigger is one of `{ type: 'intent', intents }`, `{ type: 'keyword', keywords }`,
 * `{ type: 'channel', states }`, `{ type: 'spend', atLeast }`, `{ type: 'stage', stages }`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { createTagRule, deleteTagRule, getTagRule, listTagRules, updateTagRule, type TagRuleAdminDeps } from '../../app/admin/tag-rules.ts';
import { MAX_STATE_LENGTH } from '../../domain/contact/channel.ts';
import { INTENTS } from '../../domain/intent/labels.ts';
import { LIFECYCLE_STAGES, type TagRule } from '../../domain/tags/tag-rules.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput } from './admin.schema.ts';

/** Most values one list field takes; rules and scripts name a handful in practice. */
const MAX_LIST = 100;

/** Corp tag ids, as WeCom's `et…` ids. */
export const tagIdsSchema = z.array(z.string().min(1).max(64)).max(MAX_LIST);

/** A list a trigger matches against: one value at least, or the rule could never fire. */
const matchList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_LIST);

const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('intent'), intents: matchList(z.enum(INTENTS)) }),
  // Trimmed: a keyword of spaces would match nearly every message.
  z.strictObject({ type: z.literal('keyword'), keywords: matchList(z.string().trim().min(1).max(50)) }),
  z.strictObject({ type: z.literal('channel'), states: matchList(z.string().min(1).max(MAX_STATE_LENGTH)) }),
  z.strictObject({ type: z.literal('spend'), atLeast: z.number().nonnegative().max(1e12) }),
  z.strictObject({ type: z.literal('stage'), stages: matchList(z.enum(LIFECYCLE_STAGES)) }),
]);

const ruleFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  trigger: triggerSchema,
  addTagIds: tagIdsSchema,
  removeTagIds: tagIdsSchema,
};

/** At least one tag to change is checked in the use case, after defaults and merges. */
export const tagRuleCreateSchema = z.strictObject({
  name: ruleFields.name,
  enabled: ruleFields.enabled.default(true),
  trigger: ruleFields.trigger,
  addTagIds: ruleFields.addTagIds.default([]),
  removeTagIds: ruleFields.removeTagIds.default([]),
});

export const tagRulePatchSchema = z
  .strictObject({
    name: ruleFields.name.optional(),
    enabled: ruleFields.enabled.optional(),
    trigger: ruleFields.trigger.optional(),
    addTagIds: ruleFields.addTagIds.optional(),
    removeTagIds: ruleFields.removeTagIds.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

/** JSON of one rule. */
export function presentTagRule(rule: TagRule) {
  return { id: rule.id, name: rule.name, enabled: rule.enabled, trigger: rule.trigger, addTagIds: rule.addTagIds, removeTagIds: rule.removeTagIds };
}

export type TagRuleJson = ReturnType<typeof presentTagRule>;

const ruleId = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

/**
 * The tag rule routes.
 * @param options - base path, and the rule repository with the corp tag mirror
 */
export function adminTagRuleRoutes(options: { basePath: string; deps: TagRuleAdminDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const collection = `${options.basePath}/tag-rules`;
  const item = `${collection}/:id`;

  router.get(collection, async (ctx) => {
    ctx.body = { items: (await listTagRules(deps)).map(presentTagRule) };
  });

  router.post(collection, async (ctx) => {
    const input = parseInput(tagRuleCreateSchema, await readJsonBody(ctx));
    const rule = await createTagRule(deps, input);
    ctx.status = 201;
    ctx.set('Location', `${collection}/${rule.id}`);
    ctx.body = presentTagRule(rule);
  });

  router.get(item, async (ctx) => {
    ctx.body = presentTagRule(await getTagRule(deps, ruleId(ctx)));
  });

  router.patch(item, async (ctx) => {
    const id = ruleId(ctx);
    const changes = parseInput(tagRulePatchSchema, await readJsonBody(ctx));
    ctx.body = presentTagRule(await updateTagRule(deps, { id, changes }));
  });

  router.delete(item, async (ctx) => {
    await deleteTagRule(deps, ruleId(ctx));
    ctx.status = 204;
  });

  return router;
}
