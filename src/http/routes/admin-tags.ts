/**
 * /api/admin/tags and a customer's tags: the corp tag mirror and hand-made tag changes.
 * - `GET /tags` → 200 `{ groups: [{ groupId, name, order, tags: [{ tagId, name, order }] }] }`
 * - `POST /tags/sync` → 200 `{ groups, tags }` (counts) after reading WeCom's get_corp_tag_list
 * - `POST /tags` `{ groupId | groupName, names: string[] }` → 201 the group with those tags,
 *   created through add_corp_tag where missing
 * - `POST /customers/:externalUserId/tags` `{ userId, add?, remove? }` → 200 `{ tagIds, added, removed }`
 *   through mark_tag; 404 when that salesperson does not serve the customer; 400 for unknown tags
 * - `GET /customers/:externalUserId/tag-history?limit` → 200 `{ items }`, newest first
 */
import Router from '@koa/router';
import { z } from 'zod';
import { changeTagsAsAdmin, ensureCorpTags, listCorpTags, syncCorpTags, tagHistory, type CorpTagDeps } from '../../app/admin/tags.ts';
import type { TagDeps } from '../../app/tag-customer.ts';
import { MAX_TAG_NAME_LENGTH, type CorpTagGroup, type TagChangeRecord } from '../../domain/tags/tags.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { externalUserIdSchema, parseInput } from './admin.schema.ts';

export type AdminTagDeps = CorpTagDeps & TagDeps;

const tagName = z.string().trim().min(1).max(MAX_TAG_NAME_LENGTH);
const tagId = z.string().min(1).max(64);

export const corpTagCreateSchema = z
  .strictObject({ groupId: tagId.optional(), groupName: tagName.optional(), names: z.array(tagName).min(1).max(100) })
  .refine((input) => Boolean(input.groupId) !== Boolean(input.groupName), { message: 'name exactly one of groupId and groupName' });

export const customerTagChangeSchema = z
  .strictObject({ userId: z.string().min(1).max(64), add: z.array(tagId).max(100).default([]), remove: z.array(tagId).max(100).default([]) })
  .refine((input) => input.add.length + input.remove.length > 0, { message: 'name at least one tag in add or remove' });

const historyQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

function presentGroup(group: CorpTagGroup) {
  return { groupId: group.groupId, name: group.name, order: group.order, tags: group.tags.map(({ tagId, name, order }) => ({ tagId, name, order })) };
}

function presentChange(change: TagChangeRecord) {
  return {
    userId: change.userId,
    tagId: change.tagId,
    action: change.action,
    cause: change.cause.kind,
    causeRef: change.cause.ref ?? null,
    at: change.at,
  };
}

export function adminTagRoutes(options: { basePath: string; deps: AdminTagDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { deps, basePath } = options;

  router.get(`${basePath}/tags`, async (ctx) => {
    ctx.body = { groups: (await listCorpTags(deps)).map(presentGroup) };
  });

  router.post(`${basePath}/tags/sync`, async (ctx) => {
    ctx.body = await syncCorpTags(deps);
  });

  router.post(`${basePath}/tags`, async (ctx) => {
    const input = parseInput(corpTagCreateSchema, await readJsonBody(ctx));
    ctx.status = 201;
    ctx.body = presentGroup(await ensureCorpTags(deps, input));
  });

  router.post(`${basePath}/customers/:externalUserId/tags`, async (ctx) => {
    const externalUserId = parseInput(externalUserIdSchema, ctx.params.externalUserId, 'externalUserId');
    const input = parseInput(customerTagChangeSchema, await readJsonBody(ctx));
    const result = await changeTagsAsAdmin(deps, { ...input, externalUserId, operationId: `admin:${ctx.state.requestId}` });
    ctx.body = { tagIds: result.tagIds, added: result.add, removed: result.remove };
  });

  router.get(`${basePath}/customers/:externalUserId/tag-history`, async (ctx) => {
    const externalUserId = parseInput(externalUserIdSchema, ctx.params.externalUserId, 'externalUserId');
    const { limit } = parseInput(historyQuerySchema, ctx.query, '(query)');
    ctx.body = { items: (await tagHistory(deps, externalUserId, limit)).map(presentChange) };
  });

  return router;
}
