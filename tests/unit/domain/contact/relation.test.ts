/**
 * applyRelationEvent(): how change_external_contact events move a relation. WeCom
 * delivers at least once and out of order (PROTOCOL §1.9), so the result must not depend
 * on replays or on the order the events arrive in.
 */
import { describe, expect, it } from 'vitest';
import type { RelationState } from '../../../../src/domain/contact/contact.ts';
import { applyRelationEvent, statusSetBy, type RelationEvent } from '../../../../src/domain/contact/relation.ts';
import { CONTACT_CHANGES } from '../../../../src/domain/events.ts';

const T = 1717000000;
const FIXTURE_TRANSFER = 'DELETE_BY_TRANSFER';

const add = (at: number): RelationEvent => ({ change: 'add_external_contact', at });
const halfAdd = (at: number): RelationEvent => ({ change: 'add_half_external_contact', at });
const edit = (at: number): RelationEvent => ({ change: 'edit_external_contact', at });
const staffRemoves = (at: number, source?: string): RelationEvent => ({ change: 'del_external_contact', at, ...(source ? { source } : {}) });
const customerRemoves = (at: number): RelationEvent => ({ change: 'del_follow_user', at });
const transferFails = (at: number): RelationEvent => ({ change: 'transfer_fail', at });

function deliver(events: RelationEvent[], start: RelationState | null = null): RelationState | null {
  return events.reduce<RelationState | null>((state, event) => applyRelationEvent(state, event), start);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const byTime = (events: RelationEvent[]): RelationEvent[] => [...events].sort((a, b) => a.at - b.at);
const label = (events: RelationEvent[]): string => events.map((e) => `${e.change}@${e.at - T}${e.source ? `(${e.source})` : ''}`).join(' → ');

describe('applyRelationEvent()', () => {
  describe('each change type', () => {
    it.each([
      ['add_external_contact', add(T), { status: 'active', statusChangedAt: T }],
      ['add_half_external_contact', halfAdd(T), { status: 'pending', statusChangedAt: T }],
      ['del_external_contact', staffRemoves(T), { status: 'removed_by_staff', statusChangedAt: T, removedByStaffAt: T }],
      ['del_follow_user', customerRemoves(T), { status: 'removed_by_customer', statusChangedAt: T, removedByCustomerAt: T }],
    ] as const)('should set the status when %s arrives for an unknown relation', (_change, event, expected) => {
      expect(applyRelationEvent(null, event)).toEqual(expected);
    });

    it.each([edit(T + 5), transferFails(T + 5)])('should return the same object when $change arrives', (event) => {
      const current: RelationState = { status: 'removed_by_customer', statusChangedAt: T, removedByCustomerAt: T };
      expect(applyRelationEvent(current, event)).toBe(current);
      expect(applyRelationEvent(null, event)).toBeNull();
    });

    it('should map every change type to a status or to none', () => {
      const mapped = Object.fromEntries(CONTACT_CHANGES.map((change) => [change, statusSetBy(change) ?? null]));
      expect(mapped).toEqual({
        add_external_contact: 'active',
        edit_external_contact: null,
        add_half_external_contact: 'pending',
        del_external_contact: 'removed_by_staff',
        del_follow_user: 'removed_by_customer',
        transfer_fail: null,
      });
    });
  });

  describe('stale events', () => {
    it.each([add(T - 1), halfAdd(T - 1)])('should return the same object when $change is older than the current status', (event) => {
      const current: RelationState = { status: 'removed_by_customer', statusChangedAt: T, removedByCustomerAt: T };
      expect(applyRelationEvent(current, event)).toBe(current);
      expect(current).toEqual({ status: 'removed_by_customer', statusChangedAt: T, removedByCustomerAt: T });
    });

    it.each([staffRemoves(T - 2, FIXTURE_TRANSFER), customerRemoves(T - 2)])(
      'should return the same object when $change is older than the current status and the recorded removals',
      (event) => {
        const current: RelationState = { status: 'active', statusChangedAt: T, removedByStaffAt: T - 1, removedByCustomerAt: T - 1 };
        expect(applyRelationEvent(current, event)).toBe(current);
      },
    );

    it.each([staffRemoves(T - 1, FIXTURE_TRANSFER), customerRemoves(T - 1)])(
      'should not move the status when $change is older than the current status',
      (event) => {
        // Only the status is pinned: whether a stale removal may still fill in the removal
        // history is what the out-of-order tests below decide.
        const next = applyRelationEvent({ status: 'active', statusChangedAt: T }, event);
        expect(next).toMatchObject({ status: 'active', statusChangedAt: T });
      },
    );
  });

  describe('same-second precedence', () => {
    it('should end active when the half-add and then the add arrive in the same second', () => {
      expect(deliver([halfAdd(T), add(T)])).toEqual({ status: 'active', statusChangedAt: T });
    });

    it('should stay active and return the same object when the half-add arrives after the add in the same second', () => {
      const active = deliver([add(T)]);
      expect(applyRelationEvent(active, halfAdd(T))).toBe(active);
      expect(active?.status).toBe('active');
    });

    it.each([
      ['del_follow_user', customerRemoves(T), 'removed_by_customer'],
      ['del_external_contact', staffRemoves(T), 'removed_by_staff'],
    ] as const)('should let %s beat an add in the same second whichever arrives first', (_change, removal, status) => {
      expect(deliver([add(T), removal])?.status).toBe(status);
      const removed = deliver([removal]);
      expect(applyRelationEvent(removed, add(T))).toBe(removed);
    });

    it('should let the staff removal beat the customer removal in the same second', () => {
      expect(deliver([customerRemoves(T), staffRemoves(T)])?.status).toBe('removed_by_staff');
      expect(deliver([staffRemoves(T), customerRemoves(T)])?.status).toBe('removed_by_staff');
    });
  });

  describe('removal and re-add', () => {
    it('should be active again and keep the removal times when the customer is re-added later', () => {
      const state = deliver([add(T), customerRemoves(T + 10), staffRemoves(T + 20), add(T + 30)]);
      expect(state).toEqual({ status: 'active', statusChangedAt: T + 30, removedByCustomerAt: T + 10, removedByStaffAt: T + 20 });
    });

    it('should record the removal source when an on-job transfer removes the relation', () => {
      expect(deliver([add(T), staffRemoves(T + 10, FIXTURE_TRANSFER)])).toEqual({
        status: 'removed_by_staff',
        statusChangedAt: T + 10,
        removedByStaffAt: T + 10,
        removalSource: FIXTURE_TRANSFER,
      });
    });

    it('should clear the removal source when a later removal has no source', () => {
      const state = deliver([staffRemoves(T, FIXTURE_TRANSFER), add(T + 10), staffRemoves(T + 20)]);
      expect(state).toEqual({ status: 'removed_by_staff', statusChangedAt: T + 20, removedByStaffAt: T + 20 });
      expect(state).not.toHaveProperty('removalSource');
    });

    it('should keep the transfer source while the relation is re-added later', () => {
      const state = deliver([staffRemoves(T, FIXTURE_TRANSFER), add(T + 10)]);
      expect(state).toMatchObject({ status: 'active', removedByStaffAt: T, removalSource: FIXTURE_TRANSFER });
    });
  });

  describe('replays', () => {
    const SEQUENCES: RelationEvent[][] = [
      [halfAdd(T), add(T), edit(T + 5)],
      [add(T), staffRemoves(T + 10, FIXTURE_TRANSFER), add(T + 20), customerRemoves(T + 30)],
      [customerRemoves(T + 30), add(T), transferFails(T + 40), staffRemoves(T + 30)],
    ];

    it.each(SEQUENCES.map((events) => [label(events), events] as const))('should give the same state when %s is delivered twice', (_label, events) => {
      const once = deliver(events);
      expect(deliver([...events, ...events])).toEqual(once);
      expect(deliver(events, once)).toEqual(once);
    });

    it('should give the same state when each event is delivered twice in a row', () => {
      const events = SEQUENCES[1] ?? [];
      expect(deliver(events.flatMap((e) => [e, e]))).toEqual(deliver(events));
    });
  });

  describe('out-of-order delivery', () => {
    // Each set has distinct CreateTimes, so "sorted by time" is one well-defined order.
    const EVENT_SETS: Record<string, RelationEvent[]> = {
      'half-add, add, edit, transfer_fail': [halfAdd(T), add(T + 1), edit(T + 2), transferFails(T + 3)],
      'add, customer removes, re-add, staff removes': [add(T), customerRemoves(T + 10), add(T + 20), staffRemoves(T + 30)],
      'add, transfer removal, re-add, customer removes': [add(T), staffRemoves(T + 10, FIXTURE_TRANSFER), add(T + 20), customerRemoves(T + 30)],
      'staff removes, customer removes, half-add, add': [staffRemoves(T), customerRemoves(T + 10), halfAdd(T + 20), add(T + 30)],
    };

    it.each(Object.entries(EVENT_SETS))('should end in the same status for every ordering of %s', (_name, events) => {
      const expected = deliver(byTime(events));
      for (const order of permutations(events)) {
        const state = deliver(order);
        expect({ order: label(order), status: state?.status, at: state?.statusChangedAt }).toEqual({
          order: label(order),
          status: expected?.status,
          at: expected?.statusChangedAt,
        });
      }
    });

    it.each(Object.entries(EVENT_SETS))('should end in the same state as delivery sorted by time for every ordering of %s', (_name, events) => {
      const expected = deliver(byTime(events));
      const mismatches = permutations(events)
        .map((order) => ({ order: label(order), state: deliver(order) }))
        .filter(({ state }) => canonical(state) !== canonical(expected));
      expect(
        { failingOrderings: mismatches.length, firstCounterExample: mismatches[0] },
        `sorted: ${label(byTime(events))} → ${JSON.stringify(expected)}`,
      ).toEqual({ failingOrderings: 0, firstCounterExample: undefined });
    });
  });
});

/** Key-order-independent form of a state, to compare many orderings at once. */
function canonical(state: RelationState | null): string {
  return JSON.stringify(state && Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b))));
}
