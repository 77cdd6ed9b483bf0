/**
 * Channel codes: creating one makes a 「联系我」 QR code in WeCom whose `state` names the
 * channel, then stores it. WeCom is called first, so a failure stores nothing. The code
 * rotates among the channel's salespeople who are under the customer cap; a periodic
 * rebalance (and every edit) moves people at the cap off the code and back on later.
 */
import {
  assignableSalespeople,
  channelState,
  sameSalespeople,
  type Channel,
  type ChannelChanges,
  type NewChannel,
} from '../../domain/contact/channel.ts';
import type { ChannelRepo, ContactWayGateway, CorpTagStore, SalespersonLoads, WelcomeFlowRepo } from '../../domain/ports.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';

export interface ChannelDeps {
  channels: ChannelRepo;
  contactWays: ContactWayGateway;
  welcomeFlows: WelcomeFlowRepo;
  /** The channel's tags must be synced corp tags (mark_tag refuses others with 40068). */
  corpTags: CorpTagStore;
  loads: SalespersonLoads;
  /** A short random string for the channel's `state`. */
  randomId: () => string;
}

async function validate(deps: ChannelDeps, input: ChannelChanges): Promise<void> {
  if (input.userIds?.length === 0) throw new ValidationError('userIds: name at least one salesperson');
  if (typeof input.welcomeFlowId === 'number' && !(await deps.welcomeFlows.get(input.welcomeFlowId))) {
    throw new ValidationError(`welcomeFlowId: no welcome flow ${input.welcomeFlowId}`);
  }
  const unknownTags = await deps.corpTags.unknownTagIds(input.tagIds ?? []);
  if (unknownTags.length > 0) throw new ValidationError(`tagIds: unknown corp tags ${unknownTags.join(', ')} (sync tags first: POST /api/admin/tags/sync)`);
}

async function assignable(deps: Pick<ChannelDeps, 'loads'>, userIds: string[]): Promise<string[]> {
  return assignableSalespeople(userIds, await deps.loads.customerCounts(userIds)).userIds;
}

export async function createChannel(deps: ChannelDeps, input: NewChannel): Promise<Channel> {
  await validate(deps, input);
  const state = channelState(deps.randomId());
  const activeUserIds = await assignable(deps, input.userIds);
  const { configId, qrCode } = await deps.contactWays.create({ state, userIds: activeUserIds, remark: input.name });
  return deps.channels.create({ ...input, state, activeUserIds, configId, qrCode });
}

export function listChannels(deps: Pick<ChannelDeps, 'channels'>): Promise<Channel[]> {
  return deps.channels.list();
}

export async function getChannel(deps: Pick<ChannelDeps, 'channels'>, id: number): Promise<Channel> {
  const channel = await deps.channels.get(id);
  if (!channel) throw new NotFoundError(`no channel ${id}`);
  return channel;
}

/** Edits a channel; new salespeople or a new name reach the QR code through update_contact_way. */
export async function updateChannel(deps: ChannelDeps, id: number, changes: ChannelChanges): Promise<Channel> {
  const channel = await getChannel(deps, id);
  await validate(deps, changes);
  const userIds = changes.userIds ?? channel.userIds;
  const activeUserIds = await assignable(deps, userIds);
  const name = changes.name ?? channel.name;
  if (channel.configId && (!sameSalespeople(activeUserIds, channel.activeUserIds) || name !== channel.name)) {
    await deps.contactWays.update({ configId: channel.configId, userIds: activeUserIds, remark: name });
  }
  const updated = await deps.channels.update(id, { ...changes, activeUserIds });
  if (!updated) throw new NotFoundError(`no channel ${id}`);
  return updated;
}

/** Deletes the QR code in WeCom, then the channel. Customers keep the channel `state` they came with. */
export async function deleteChannel(deps: Pick<ChannelDeps, 'channels' | 'contactWays'>, id: number): Promise<void> {
  const channel = await getChannel(deps, id);
  if (channel.configId) await deps.contactWays.remove(channel.configId);
  await deps.channels.remove(id);
}

/**
 * Moves salespeople at the cap off every channel code and those below it back on.
 * Only channels whose assignment changes are written, so running it often costs little.
 */
export async function rebalanceChannels(
  deps: Pick<ChannelDeps, 'channels' | 'contactWays' | 'loads'>,
): Promise<{ changed: number[]; full: number[] }> {
  const channels = await deps.channels.list();
  const loads = await deps.loads.customerCounts([...new Set(channels.flatMap((c) => c.userIds))]);
  const changed: number[] = [];
  const full: number[] = [];
  for (const channel of channels) {
    const assignment = assignableSalespeople(channel.userIds, loads);
    if (assignment.full) full.push(channel.id);
    if (sameSalespeople(assignment.userIds, channel.activeUserIds)) continue;
    if (channel.configId) await deps.contactWays.update({ configId: channel.configId, userIds: assignment.userIds, remark: channel.name });
    await deps.channels.update(channel.id, { activeUserIds: assignment.userIds });
    changed.push(channel.id);
  }
  return { changed, full };
}
