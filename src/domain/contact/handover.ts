/**
 * Staff handover (在职继承 / 离职继承): moving a salesperson's customers to colleagues.
 * WeCom takes the request per customer, moves them after 24 h unless they refuse, and
 * reports the outcome through transfer_result (PROTOCOL §4.6).
 */
import { CUSTOMER_CAP } from './channel.ts';

/** `on_job`: the salesperson stays (customers may refuse); `resigned`: they left the corp. */
export type HandoverKind = 'on_job' | 'resigned';

/**
 * `waiting`: WeCom accepted, the move is pending; `rejected`: WeCom refused the request for
 * this customer (see errcode); the rest are transfer_result's outcomes.
 */
export type HandoverStatus = 'waiting' | 'completed' | 'refused' | 'limit_exceeded' | 'no_record' | 'rejected';

export interface HandoverRecord {
  kind: HandoverKind;
  handoverUserId: string;
  takeoverUserId: string;
  externalUserId: string;
  status: HandoverStatus;
  errcode?: number;
  takeoverTime?: number;
  /** Unix seconds. */
  requestedAt: number;
}

/** One pair of salespeople with customers still waiting: what transfer_result is asked about. */
export interface HandoverPair {
  kind: HandoverKind;
  handoverUserId: string;
  takeoverUserId: string;
}

/** WeCom's batch limit of transfer_customer. */
export const MAX_CUSTOMERS_PER_TRANSFER = 100;
/** WeCom's limit on the message the customer sees (transfer_success_msg). */
export const MAX_HANDOVER_MESSAGE_LENGTH = 200;

/** transfer_result's status code → ours. */
export function handoverStatusFromResult(code: number): HandoverStatus {
  switch (code) {
    case 1:
      return 'completed';
    case 3:
      return 'refused';
    case 4:
      return 'limit_exceeded';
    case 5:
      return 'no_record';
    default:
      return 'waiting';
  }
}

/** `transfer_fail`'s FailReason → ours. */
export function handoverStatusFromFailReason(reason: string): HandoverStatus {
  return reason === 'customer_limit_exceed' ? 'limit_exceeded' : 'refused';
}

/**
 * Spreads customers over the takeover salespeople, each customer to whoever serves the
 * fewest at that moment (current load plus what this plan already gave them), never past
 * the cap. Customers no one can take are returned as `unassigned`.
 */
export function planHandover(
  externalUserIds: readonly string[],
  takeoverUserIds: readonly string[],
  loads: ReadonlyMap<string, number>,
  cap = CUSTOMER_CAP,
): { assignments: Map<string, string[]>; unassigned: string[] } {
  const load = new Map(takeoverUserIds.map((userId) => [userId, loads.get(userId) ?? 0]));
  const assignments = new Map<string, string[]>();
  const unassigned: string[] = [];
  for (const externalUserId of externalUserIds) {
    let best: string | undefined;
    for (const userId of takeoverUserIds) {
      if (load.get(userId)! < cap && (best === undefined || load.get(userId)! < load.get(best)!)) best = userId;
    }
    if (best === undefined) {
      unassigned.push(externalUserId);
      continue;
    }
    load.set(best, load.get(best)! + 1);
    assignments.set(best, [...(assignments.get(best) ?? []), externalUserId]);
  }
  return { assignments, unassigned };
}
