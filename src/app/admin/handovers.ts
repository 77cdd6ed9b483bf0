/**
 * Staff handover: an admin moves a salesperson's customers (all, or the ones named) to one
 * or more colleagues, balanced by load under the customer cap. Each customer's request
 * and WeCom's answer are recorded as they happen, so a failure halfway keeps what was
 * done; customers already waiting on a handover from the same salesperson are skipped, so
 * repeating the request does not spend WeCom's two-transfers-per-90-days allowance.
 * Results are polled from transfer_result (maintenance task) and on `transfer_fail`.
 */
import {
  handoverStatusFromResult,
  MAX_CUSTOMERS_PER_TRANSFER,
  MAX_HANDOVER_MESSAGE_LENGTH,
  planHandover,
  type HandoverKind,
  type HandoverRecord,
  type HandoverStatus,
} from '../../domain/contact/handover.ts';
import type { CustomerRoster, HandoverStore, SalespersonLoads, TransferGateway } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { ValidationError } from '../../shared/errors.ts';

export interface HandoverDeps {
  transfers: TransferGateway;
  handovers: HandoverStore;
  roster: CustomerRoster;
  loads: SalespersonLoads;
  clock: Clock;
}

export interface HandoverRequest {
  kind: HandoverKind;
  handoverUserId: string;
  takeoverUserIds: string[];
  /** Omitted: every customer the salesperson serves. */
  externalUserIds?: string[];
  /** What the customer is told (on-job only; WeCom's default text when omitted). */
  message?: string;
}

export interface HandoverSummary {
  /** Customers WeCom accepted, by takeover salesperson. */
  accepted: Record<string, string[]>;
  rejected: { externalUserId: string; takeoverUserId: string; errcode: number }[];
  /** Already waiting on a handover from this salesperson. */
  skipped: string[];
  /** No takeover salesperson had room under the customer cap. */
  unassigned: string[];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function customersToMove(deps: HandoverDeps, request: HandoverRequest): Promise<string[]> {
  const served = await deps.roster.activeCustomersOf(request.handoverUserId);
  if (!request.externalUserIds) return served;
  const servedSet = new Set(served);
  const notServed = request.externalUserIds.filter((id) => !servedSet.has(id));
  if (notServed.length > 0) throw new ValidationError(`externalUserIds: ${request.handoverUserId} does not serve ${notServed.join(', ')}`);
  return [...new Set(request.externalUserIds)];
}

function validate(request: HandoverRequest): void {
  if (request.takeoverUserIds.includes(request.handoverUserId)) throw new ValidationError('takeoverUserIds: cannot include the handover salesperson');
  if (request.kind === 'resigned' && request.message !== undefined) throw new ValidationError('message: WeCom sends no message for a resigned handover');
  if ((request.message?.length ?? 0) > MAX_HANDOVER_MESSAGE_LENGTH) throw new ValidationError(`message: at most ${MAX_HANDOVER_MESSAGE_LENGTH} characters`);
}

export async function startHandover(deps: HandoverDeps, request: HandoverRequest): Promise<HandoverSummary> {
  validate(request);
  const customers = await customersToMove(deps, request);
  const waiting = await deps.handovers.waitingFrom(request.handoverUserId, customers);
  const toMove = customers.filter((id) => !waiting.has(id));
  const plan = planHandover(toMove, request.takeoverUserIds, await deps.loads.customerCounts(request.takeoverUserIds));
  const summary: HandoverSummary = { accepted: {}, rejected: [], skipped: [...waiting], unassigned: plan.unassigned };
  for (const [takeoverUserId, assigned] of plan.assignments) {
    const pair = { kind: request.kind, handoverUserId: request.handoverUserId, takeoverUserId };
    for (const batch of chunks(assigned, MAX_CUSTOMERS_PER_TRANSFER)) {
      const answers = await deps.transfers.transfer({ ...pair, externalUserIds: batch, ...(request.message ? { message: request.message } : {}) });
      const requestedAt = nowSeconds(deps.clock);
      const rows: HandoverRecord[] = answers.map(({ externalUserId, errcode }) => ({
        ...pair,
        externalUserId,
        status: errcode === 0 ? 'waiting' : 'rejected',
        ...(errcode === 0 ? {} : { errcode }),
        requestedAt,
      }));
      await deps.handovers.record(rows);
      for (const row of rows) {
        if (row.status === 'waiting') (summary.accepted[takeoverUserId] ??= []).push(row.externalUserId);
        else summary.rejected.push({ externalUserId: row.externalUserId, takeoverUserId, errcode: row.errcode ?? -1 });
      }
    }
  }
  return summary;
}

/** Asks WeCom how every waiting handover went; returns how many changed. */
export async function checkHandoverResults(deps: Pick<HandoverDeps, 'transfers' | 'handovers' | 'clock'>): Promise<number> {
  let changed = 0;
  for (const pair of await deps.handovers.waitingPairs()) {
    const results = await deps.transfers.results(pair);
    changed += await deps.handovers.applyResults(
      pair,
      results.map((r) => ({ externalUserId: r.externalUserId, status: handoverStatusFromResult(r.status), ...(r.takeoverTime ? { takeoverTime: r.takeoverTime } : {}) })),
      nowSeconds(deps.clock),
    );
  }
  return changed;
}

export function listHandovers(
  deps: Pick<HandoverDeps, 'handovers'>,
  filters: { status?: HandoverStatus; handoverUserId?: string; kind?: HandoverKind; limit: number },
): Promise<HandoverRecord[]> {
  return deps.handovers.list(filters);
}
