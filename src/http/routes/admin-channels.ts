/**
 * /api/admin/channels: channel codes (渠道活码).
 * - `GET /channels` → 200 `{ items: Channel[] }`; `GET /channels/:id` → 200 the channel or 404
 * - `POST /channels` `{ name, userIds, tagIds?, welcomeFlowId? }` → 201 the channel, with the
 *   `state`, `configId` and `qrCode` WeCom's add_contact_way returned; 400 naming bad fields.
 * - `PATCH /channels/:id` any of `{ name, userIds, tagIds, welcomeFlowId (null detaches) }` → 200
 * - `DELETE /channels/:id` → 204 after del_contact_way
 * - `POST /channels/rebalance` → 200 `{ changed: ids, full: ids }`: salespeople at the customer
 *   cap off the codes, those below it back on (also runs every few minutes in the worker role)
 */
import Router from '@koa/router';
import { z } from 'zod';
import { createChannel, deleteChannel, getChannel, listChannels, rebalanceChannels, updateChannel, type ChannelDeps } from '../../app/admin/channels.ts';
import type { Channel } from '../../domain/contact/channel.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput } from './admin.schema.ts';

const channelFields = {
  name: z.string().trim().min(1).max(100),
  userIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  tagIds: z.array(z.string().min(1).max(64)).max(100),
  welcomeFlowId: z.number().int().positive(),
};

export const channelCreateSchema = z.strictObject({
  ...channelFields,
  tagIds: channelFields.tagIds.default([]),
  welcomeFlowId: channelFields.welcomeFlowId.optional(),
});

export const channelPatchSchema = z
  .strictObject({
    name: channelFields.name.optional(),
    userIds: channelFields.userIds.optional(),
    tagIds: channelFields.tagIds.optional(),
    welcomeFlowId: channelFields.welcomeFlowId.nullable().optional(),
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
