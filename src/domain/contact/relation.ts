/**
 * How contact events move a salesperson–customer relation. WeCom delivers at least once
 * and not always in order, so the rule is: an event older than the one that set the
 * current status changes nothing, and replaying an event gives the same state.
 */
import type { ContactChange } from '../events.ts';
import type { RelationState, RelationStatus } from './contact.ts';

/** At the same CreateTime, the more settled status wins (a half-add then the add, same second). */
const PRECEDENCE: Record<RelationStatus, number> = {
  pending: 0,
  active: 1,
  removed_by_customer: 2,
  removed_by_staff: 3,
};

const STATUS_BY_CHANGE: Partial<Record<ContactChange, RelationStatus>> = {
  add_half_external_contact: 'pending',
  add_external_contact: 'active',
  del_external_contact: 'removed_by_staff',
  del_follow_user: 'removed_by_customer',
};

export interface RelationEvent {
  change: ContactChange;
  /** CreateTime, unix s. */
  at: number;
  /** `DELETE_BY_TRANSFER` on a removal made by an on-job transfer. */
  source?: string;
}

/** The status an event sets, or undefined for events that do not touch the status. */
export function statusSetBy(change: ContactChange): RelationStatus | undefined {
  return STATUS_BY_CHANGE[change];
}

/**
 * The relation after `event`. Returns `current` unchanged (same object) when the event
 * does not move the status or is older than what is known.
 */
export function applyRelationEvent(current: RelationState | null, event: RelationEvent): RelationState | null {
  const status = statusSetBy(event.change);
  if (!status) return current;
  if (current) {
    if (event.at < current.statusChangedAt) return current;
    if (event.at === current.statusChangedAt && PRECEDENCE[status] < PRECEDENCE[current.status]) return current;
  }
  const next: RelationState = { ...current, status, statusChangedAt: event.at };
  if (status === 'removed_by_staff') {
    next.removedByStaffAt = event.at;
    if (event.source) next.removalSource = event.source;
    else delete next.removalSource;
  }
  if (status === 'removed_by_customer') next.removedByCustomerAt = event.at;
  return next;
}
