/**
 * A `change_external_contact` event: refresh what WeCom knows about the customer when
 * the relation was made or edited, move the relation's status by the event (ignoring
 * stale or replayed ones), and record handovers WeCom could not complete.
 */
import type { ContactChangedEvent } from '../domain/events.ts';
import { applyRelationEvent } from '../domain/contact/relation.ts';
import type { ChannelRepo, ContactDirectory, ContactRepo, TagGateway } from '../domain/ports.ts';
import type { AppDeps } from './deps.ts';

export interface ContactDeps extends Pick<AppDeps, 'clock'> {
  contacts: ContactRepo;
  directory: ContactDirectory;
  /** With both: customers who add through a channel code get the channel's tags. */
  channels?: ChannelRepo;
  tags?: TagGateway;
}

const ADDS = new Set<ContactChangedEvent['change']>(['add_external_contact', 'add_half_external_contact']);

/** Events after which the customer's details are worth reading again. */
const REFRESHES_DETAILS = new Set<ContactChangedEvent['change']>([
  'add_external_contact',
  'add_half_external_contact',
  'edit_external_contact',
]);

export async function ingestContactEvent(deps: ContactDeps, event: ContactChangedEvent): Promise<void> {
  if (event.change === 'transfer_fail') {
    await deps.contacts.recordTransferFailure({
      takeoverUserId: event.userId,
      externalUserId: event.externalUserId,
      reason: event.failReason ?? 'unknown',
      occurredAt: event.createTime,
    });
    return;
  }
  const snapshot = REFRESHES_DETAILS.has(event.change) ? await deps.directory.getContact(event.externalUserId) : null;
  // The event's own relation first: a snapshot creates unknown relations as active, which
  // would hide a half-add's pending state.
  const current = await deps.contacts.getRelation(event.userId, event.externalUserId);
  const next = applyRelationEvent(current, { change: event.change, at: event.createTime, source: event.source });
  if (next && next !== current) {
    await deps.contacts.setRelationState(event.userId, event.externalUserId, next, event.state);
  }
  if (snapshot) await deps.contacts.saveSnapshot(snapshot, deps.clock.now());
  // Only for the add that made (or re-made) the relation: a replay, a stale add or the
  // confirmation of a half-add tags nothing again.
  const newlyMade = !current || current.status === 'removed_by_staff' || current.status === 'removed_by_customer';
  if (ADDS.has(event.change) && next !== current && newlyMade && event.state && deps.channels && deps.tags) {
    const channel = await deps.channels.byState(event.state);
    if (channel && channel.tagIds.length > 0) {
      await deps.tags.markTags({ userId: event.userId, externalUserId: event.externalUserId, add: channel.tagIds, remove: [] });
    }
  }
}
