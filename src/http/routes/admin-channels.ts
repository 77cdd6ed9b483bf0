/**
 * /api/admin/channels: channel codes (渠道活码).
 * - `GET /channels` → 200 `{ items: Channel[] }`
 * - `POST /channels` `{ name, userIds, tagIds?, welcomeFlowId? }` → 201 the channel, with the
 *   `state`, `configId` and `qrCode` WeCom's add_contact_way returned; 400 naming bad fields.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { createChannel, listChannels, type ChannelDeps } from '../../app/admin/channels.ts';
import type { Channel } from '../../domain/contact/channel.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput } from './admin.schema.ts';

export const channelCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  userIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  tagIds: z.array(z.string().min(1).max(64)).max(100).default([]),
  welcomeFlowId: z.number().int().positive().optional(),
});

function presentChannel(channel: Channel) {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    userIds: channel.userIds,
    tagIds: channel.tagIds,
    welcomeFlowId: channel.welcomeFlowId ?? null,
    configId: channel.configId ?? null,
    qrCode: channel.qrCode ?? null,
  };
}

export function adminChannelRoutes(options: { basePath: string; deps: ChannelDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: `${options.basePath}/channels` });

  router.get('/', async (ctx) => {
    ctx.body = { items: (await listChannels(options.deps)).map(presentChannel) };
  });

  router.post('/', async (ctx) => {
    const input = parseInput(channelCreateSchema, await readJsonBody(ctx));
    const channel = await createChannel(options.deps, input);
    ctx.status = 201;
    ctx.set('Location', `${options.basePath}/channels/${channel.id}`);
    ctx.body = presentChannel(channel);
  });

  return router;
}
