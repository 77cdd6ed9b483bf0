/**
 * /api/admin/channels: channel codes (渠道活码).
 * - `GET /channels` → 200 `{ items: Channel[] }`; `GET /channels/:id` → 200 the channel or 404
 * - `POST /channels` `{ name, userIds, tagIds?, welcomeFlowId?, schedule?, backupUserIds?,
 *   dailyAddCap?, dailyAddCaps? ({ userid: cap }, replacing dailyAddCap for them), autoAccept?,
 *   remarkTemplate?, descriptionTemplate? }` → 201 the channel,
 *   with the `state`, `configId` and `qrCode` WeCom's add_contact_way returned and its
 *   `routing` (mode, warnings, next change); 400 naming every bad field.
 * - `PATCH /channels/:id` any of those fields (`null` clears welcomeFlowId, dailyAddCap and
 *   the templates; `dailyAddCaps: {}` removes the per-salesperson caps) → 200
 * - `DELETE /channels/:id` → 204 after del_contact_way
 * - `GET /channels/:id/stats?from=YYYY-MM-DD&to=YYYY-MM-DD` → 200 ChannelStats (adds,
 *   deletes by staff and by customer, net, per China day; at most 366 days)
 * - `POST /channels/rebalance` → 200 `{ changed: ids, full: ids }`: every channel re-routed
 *   now (also runs every minute in the worker role); `full` = channels with a warning
 */
import Router from '@koa/router';
import { z } from 'zod';
import { createChannel, deleteChannel, getChannel, getChannelStats, listChannels, rebalanceChannels, updateChannel, type ChannelDeps } from '../../app/admin/channels.ts';
import type { Channel } from '../../domain/contact/channel.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { dashboardQuerySchema } from './admin-dashboard.ts';
import { hhmmSchema, numericIdSchema, parseInput } from './admin.schema.ts';

const userId = z.string().min(1).max(64);
/** A blank template is no template. */
const template = (max: number) => z.string().trim().max(max).transform((text) => (text === '' ? null : text));

const channelFields = {
  name: z.string().trim().min(1).max(100),
  userIds: z.array(userId).min(1).max(100),
  tagIds: z.array(z.string().min(1).max(64)).max(100),
  welcomeFlowId: z.number().int().positive(),
  schedule: z
    .array(
      z.strictObject({
        userId,
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        from: hhmmSchema,
        to: hhmmSchema,
      }),
    )
    .max(200),
  backupUserIds: z.array(userId).max(100),
  dailyAddCap: z.number().int().min(1).max(10_000),
  dailyAddCaps: z.record(userId, z.number().int().min(1).max(10_000)),
  autoAccept: z.boolean(),
  // Rendered text is clipped to WeCom's 20 / 150 characters; the templates may hold longer variables.
  remarkTemplate: template(60),
  descriptionTemplate: template(300),
};

export const channelCreateSchema = z
  .strictObject({
    ...channelFields,
    tagIds: channelFields.tagIds.default([]),
    welcomeFlowId: channelFields.welcomeFlowId.optional(),
    schedule: channelFields.schedule.default([]),
    backupUserIds: channelFields.backupUserIds.default([]),
    dailyAddCap: channelFields.dailyAddCap.optional(),
    dailyAddCaps: channelFields.dailyAddCaps.optional(),
    autoAccept: channelFields.autoAccept.default(true),
    remarkTemplate: channelFields.remarkTemplate.optional(),
    descriptionTemplate: channelFields.descriptionTemplate.optional(),
  })
  // A blank template on create is simply absent.
  .transform(({ remarkTemplate, descriptionTemplate, ...rest }) => ({
    ...rest,
    ...(remarkTemplate ? { remarkTemplate } : {}),
    ...(descriptionTemplate ? { descriptionTemplate } : {}),
  }));

export const channelPatchSchema = z
  .strictObject({
    name: channelFields.name.optional(),
    userIds: channelFields.userIds.optional(),
    tagIds: channelFields.tagIds.optional(),
    welcomeFlowId: channelFields.welcomeFlowId.nullable().optional(),
    schedule: channelFields.schedule.optional(),
    backupUserIds: channelFields.backupUserIds.optional(),
    dailyAddCap: channelFields.dailyAddCap.nullable().optional(),
    dailyAddCaps: channelFields.dailyAddCaps.optional(),
    autoAccept: channelFields.autoAccept.optional(),
    remarkTemplate: channelFields.remarkTemplate.nullable().optional(),
    descriptionTemplate: channelFields.descriptionTemplate.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

function presentChannel(channel: Channel) {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    userIds: channel.userIds,
    activeUserIds: channel.activeUserIds,
    tagIds: channel.tagIds,
    welcomeFlowId: channel.welcomeFlowId ?? null,
    configId: channel.configId ?? null,
    qrCode: channel.qrCode ?? null,
    schedule: channel.schedule ?? [],
    backupUserIds: channel.backupUserIds ?? [],
    dailyAddCap: channel.dailyAddCap ?? null,
    dailyAddCaps: channel.dailyAddCaps ?? {},
    autoAccept: channel.autoAccept ?? true,
    remarkTemplate: channel.remarkTemplate ?? null,
    descriptionTemplate: channel.descriptionTemplate ?? null,
    routing: channel.routingStatus ?? null,
  };
}

export function adminChannelRoutes(options: { basePath: string; deps: ChannelDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: `${options.basePath}/channels` });
  const { deps } = options;
  const channelId = (ctx: { params: Record<string, string | undefined> }) => parseInput(numericIdSchema, ctx.params.id, 'id');

  router.get('/', async (ctx) => {
    ctx.body = { items: (await listChannels(deps)).map(presentChannel) };
  });

  router.post('/', async (ctx) => {
    const input = parseInput(channelCreateSchema, await readJsonBody(ctx));
    const channel = await createChannel(deps, input);
    ctx.status = 201;
    ctx.set('Location', `${options.basePath}/channels/${channel.id}`);
    ctx.body = presentChannel(channel);
  });

  router.post('/rebalance', async (ctx) => {
    ctx.body = await rebalanceChannels(deps);
  });

  router.get('/:id', async (ctx) => {
    ctx.body = presentChannel(await getChannel(deps, channelId(ctx)));
  });

  router.get('/:id/stats', async (ctx) => {
    const id = channelId(ctx);
    ctx.body = await getChannelStats(deps, id, parseInput(dashboardQuerySchema, ctx.query, '(query)'));
  });

  router.patch('/:id', async (ctx) => {
    const id = channelId(ctx);
    const changes = parseInput(channelPatchSchema, await readJsonBody(ctx));
    ctx.body = presentChannel(await updateChannel(deps, id, changes));
  });

  router.delete('/:id', async (ctx) => {
    await deleteChannel(deps, channelId(ctx));
    ctx.status = 204;
  });

  return router;
}
