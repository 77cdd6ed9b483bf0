/**
 * How contact events move a salesperson–customer relation. WeCom delivers at least once
 * and not always in order, so the rules are order-free: an event older than the one that
 * set the current status does not move the status (though an older removal is still
 * remembered), and replaying an event gives the same state.
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
 * The relation after `event`. The status follows the newest event (ties: the more settled
 * status); removal times keep the newest removal of each kind whatever the delivery order,
 * so any ordering of the same events ends in the same state. Returns `current` itself
 * when nothing changes, so a replay writes nothing.
 */
export function applyRelationEvent(current: RelationState | null, event: RelationEvent): RelationState | null {
  const status = statusSetBy(event.change);
  if (!status) return current;
  const next: RelationState = current ? { ...current } : { status, statusChangedAt: event.at };
  let changed = current === null;
  if (
    current &&
    (event.at > current.statusChangedAt || (event.at === current.statusChangedAt && PRECEDENCE[status] > PRECEDENCE[current.status]))
  ) {
    next.status = status;
    next.statusChangedAt = event.at;
    changed = true;
  }
  if (status === 'removed_by_staff') {
    if (next.removedByStaffAt === undefined || event.at > next.removedByStaffAt) {
      next.removedByStaffAt = event.at;
      if (event.source) next.removalSource = event.source;
      else delete next.removalSource;
      changed = true;
    } else if (event.at === next.removedByStaffAt && event.source && !next.removalSource) {
      next.removalSource = event.source;
      changed = true;
    }
  }
  if (status === 'removed_by_customer' && (next.removedByCustomerAt === undefined || event.at > next.removedByCustomerAt)) {
    next.removedByCustomerAt = event.at;
    changed = true;
  }
  return changed ? next : current;
}
