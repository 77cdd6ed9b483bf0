/**
 * Channel codes: creating one makes a 「联系我」 QR code in WeCom whose `state` names the
 * channel, then stores it. The WeCom call comes first, so a failure stores nothing.
 */
import { channelState, type Channel, type NewChannel } from '../../domain/contact/channel.ts';
import type { ChannelRepo, ContactWayGateway, CorpTagStore, WelcomeFlowRepo } from '../../domain/ports.ts';
import { ValidationError } from '../../shared/errors.ts';

export interface ChannelDeps {
  channels: ChannelRepo;
  contactWays: ContactWayGateway;
  welcomeFlows: WelcomeFlowRepo;
  /** The channel's tags must be synced corp tags (mark_tag refuses others with 40068). */
  corpTags: CorpTagStore;
  /** A short random string for the channel's `state`. */
  randomId: () => string;
}

export async function createChannel(deps: ChannelDeps, input: NewChannel): Promise<Channel> {
  if (input.userIds.length === 0) throw new ValidationError('userIds: name at least one salesperson');
  if (input.welcomeFlowId !== undefined && !(await deps.welcomeFlows.get(input.welcomeFlowId))) {
    throw new ValidationError(`welcomeFlowId: no welcome flow ${input.welcomeFlowId}`);
  }
  const unknownTags = await deps.corpTags.unknownTagIds(input.tagIds);
  if (unknownTags.length > 0) throw new ValidationError(`tagIds: unknown corp tags ${unknownTags.join(', ')} (sync tags first: POST /api/admin/tags/sync)`);
  const state = channelState(deps.randomId());
  const { configId, qrCode } = await deps.contactWays.create({ state, userIds: input.userIds, remark: input.name });
  return deps.channels.create({ ...input, state, configId, qrCode });
}

export function listChannels(deps: Pick<ChannelDeps, 'channels'>): Promise<Channel[]> {
  return deps.channels.list();
}
