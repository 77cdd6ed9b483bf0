/**
 * What a channel does for each customer who adds through its code, once the contact is
 * stored (after ingestContactEvent, and after the welcome job is queued, so nothing here
 * delays send_welcome_msg): re-decide the code's members when the channel has a daily cap
 * (this add may have reached it), and give the customer the channel's remark and
 * description. Replays send no second remark: a claim per relation and add time guards it.
 */
import type { ContactChangedEvent } from '../domain/events.ts';
import { hasDailyCap } from '../domain/contact/channel.ts';
import { renderChannelRemark } from '../domain/contact/channel-remark.ts';
import { CHANNEL_TIME_ZONE } from '../domain/contact/channel-routing.ts';
import { localTime } from '../domain/local-time.ts';
import type { ChannelLookup, ContactRemarks, ContactRepo, CustomerNames, OnceClaims } from '../domain/ports.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export interface ChannelAddDeps {
  channels: ChannelLookup;
  contacts: Pick<ContactRepo, 'getRelation'>;
  names: CustomerNames;
  remarks: ContactRemarks;
  claims: OnceClaims;
  clock: Clock;
  logger: Logger;
  /** Re-decides the channel's members now (refreshChannel in app/admin/channels.ts). */
  refreshChannel(channelId: number): Promise<unknown>;
}

const ADDS = new Set<ContactChangedEvent['change']>(['add_external_contact', 'add_half_external_contact']);

export type ChannelAddOutcome = 'not_a_channel_add' | 'done';

export async function followUpChannelAdd(deps: ChannelAddDeps, event: ContactChangedEvent): Promise<ChannelAddOutcome> {
  if (!ADDS.has(event.change) || !event.state) return 'not_a_channel_add';
  const channel = await deps.channels.byState(event.state);
  if (!channel) return 'not_a_channel_add';
  // Only the add that made the relation active: not a half-add still waiting, nor a stale
  // add older than a later removal.
  const relation = await deps.contacts.getRelation(event.userId, event.externalUserId);
  if (relation?.status !== 'active' || relation.statusChangedAt !== event.createTime) return 'not_a_channel_add';
  if (hasDailyCap(channel)) {
    // The minute job catches up if this fails; the remark should not wait for it.
    await deps.refreshChannel(channel.id).catch((error: unknown) => deps.logger.warn({ channelId: channel.id, err: error }, 'channel not re-routed after an add'));
  }
  const remark = renderChannelRemark(channel, {
    customer: await deps.names.nameOf(event.externalUserId),
    date: localTime(new Date(event.createTime * 1000), CHANNEL_TIME_ZONE).date,
    salesperson: event.userId,
  });
  if (!remark) return 'done';
  const key = `channel-remark-${event.userId}-${event.externalUserId}-${event.createTime}`;
  if (!(await deps.claims.claim(key, nowSeconds(deps.clock)))) return 'done';
  try {
    await deps.remarks.setRemark({ userId: event.userId, externalUserId: event.externalUserId, ...remark });
  } catch (error) {
    // Given back so the job's retry sends it; a permanent error ends the job the usual way.
    await deps.claims.release(key);
    throw error;
  }
  return 'done';
}
