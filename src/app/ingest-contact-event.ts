/**
 * A `change_external_contact` event: refresh what WeCom knows about the customer when
 * the relation was made or edited, move the relation's status by the event (ignoring
 * stale or replayed ones), and record handovers WeCom could not complete.
 */
import type { ContactChangedEvent } from '../domain/events.ts';
import { applyRelationEvent } from '../domain/contact/relation.ts';
import { handoverStatusFromFailReason } from '../domain/contact/handover.ts';
import type { ChannelLookup, ContactDirectory, ContactRepo, HandoverStore } from '../domain/ports.ts';
import type { AppDeps } from './deps.ts';
import { changeCustomerTags, recordTagsSeenInWecom, type TagDeps } from './tag-customer.ts';

export interface ContactDeps extends Pick<AppDeps, 'clock'> {
  contacts: ContactRepo;
  directory: ContactDirectory;
  /**
   * With it, tag edits a salesperson made in the WeCom client enter the tag history, and
   * (with `channels`) customers who add through a channel code get the channel's tags.
   */
  tagging?: Pick<TagDeps, 'tags' | 'customerTags'>;
  channels?: ChannelLookup;
  /** Tag rules for a new relation (channel triggers: "customers from channel Y get tag T"). */
  applyRules?: (input: { userId: string; externalUserId: string; facts: { channelState: string }; operationId: string }) => Promise<unknown>;
  /** Recomputes the customer's lifecycle stage after their relation changed. */
  refreshStage?: (externalUserId: string) => Promise<unknown>;
  /** With it, a `transfer_fail` also ends the waiting handover it belongs to. */
  handovers?: Pick<HandoverStore, 'markFailed'>;
}

const ADDS = new Set<ContactChangedEvent['change']>(['add_external_contact', 'add_half_external_contact']);

/** Events after which the customer's details are worth reading again. */
const REFRESHES_DETAILS = new Set<ContactChangedEvent['change']>([
  'add_external_contact',
  'add_half_external_contact',
  'edit_external_contact',
]);

/** `operationId` (the event's dedupe key) makes the tag history of a replay a no-op. */
export async function ingestContactEvent(deps: ContactDeps, event: ContactChangedEvent, operationId: string): Promise<void> {
  if (event.change === 'transfer_fail') {
    const reason = event.failReason ?? 'unknown';
    await deps.contacts.recordTransferFailure({ takeoverUserId: event.userId, externalUserId: event.externalUserId, reason, occurredAt: event.createTime });
    await deps.handovers?.markFailed(event.userId, event.externalUserId, handoverStatusFromFailReason(reason), event.createTime);
    return;
  }
  const snapshot = REFRESHES_DETAILS.has(event.change) ? await deps.directory.getContact(event.externalUserId) : null;
  // The event's own relation first: a snapshot creates unknown relations as active, which
  // would hide a half-add's pending state.
  const current = await deps.contacts.getRelation(event.userId, event.externalUserId);
  const next = applyRelationEvent(current, { change: event.change, at: event.createTime, source: event.source });
  if (next && next !== current) {
    await deps.contacts.setRelationState(event.userId, event.externalUserId, next, event.state);
    await deps.refreshStage?.(event.externalUserId);
  }
  if (snapshot) {
    const tagsBefore = deps.tagging ? await deps.tagging.customerTags.tagsOf(event.userId, event.externalUserId) : null;
    await deps.contacts.saveSnapshot(snapshot, deps.clock.now());
    const follower = snapshot.followers.find((f) => f.userId === event.userId);
    if (deps.tagging && follower) {
      await recordTagsSeenInWecom(
        { customerTags: deps.tagging.customerTags, clock: deps.clock },
        { userId: event.userId, externalUserId: event.externalUserId, before: tagsBefore ?? [], after: follower.tagIds, operationId },
      );
    }
  }
  // Channel tags go on for the add that made (or re-made) the relation, and again when
  // that same event is retried (a crash may have come between the state and the tags;
  // the tag plan makes the second run a no-op). A stale add, or the confirmation of a
  // half-add, tags nothing.
  const newlyMade = !current || current.status === 'removed_by_staff' || current.status === 'removed_by_customer';
  const retriedMaker = next === current && current?.statusChangedAt === event.createTime && current.status !== 'removed_by_staff' && current.status !== 'removed_by_customer';
  const madeByThisEvent = next !== null && ((next !== current && newlyMade) || retriedMaker);
  if (ADDS.has(event.change) && madeByThisEvent && event.state && deps.applyRules) {
    await deps.applyRules({ userId: event.userId, externalUserId: event.externalUserId, facts: { channelState: event.state }, operationId });
  }
  if (ADDS.has(event.change) && madeByThisEvent && event.state && deps.channels && deps.tagging) {
    const channel = await deps.channels.byState(event.state);
    if (channel && channel.tagIds.length > 0) {
      await changeCustomerTags(
        { ...deps.tagging, clock: deps.clock },
        {
          userId: event.userId,
          externalUserId: event.externalUserId,
          add: channel.tagIds,
          remove: [],
          cause: { kind: 'channel', ref: String(channel.id) },
          operationId,
        },
      );
    }
  }
}
