/**
 * Recall campaigns (召回) on a saved segment. Creating one walks the segment, leaves out
 * members a recall reached within the frequency cap, opens an SOP task for each 1:1-only
 * member's salesperson, and asks WeCom for one mass message per salesperson (split at
 * add_msg_template's 10,000 ids). Every recipient is recorded *before* its call, so the cap
 * also remembers a recall that failed halfway. Results are polled later (a salesperson
 * confirms the message in the client, maybe hours later); the report gives the recall rate.
 */
import type { MassMessenger, RecallStore, SalesTaskStore } from '../../domain/ports.ts';
import {
  planRecall,
  RECALL_TASK_SCENE,
  recallReport,
  recipientStatusOf,
  type Recall,
  type RecallPlan,
  type RecallReport,
} from '../../domain/segments/recall.ts';
import type { SegmentMember } from '../../domain/segments/segment.ts';
import { nowSeconds } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { getSegment, segmentMembers, type SegmentDeps } from './segments.ts';

export interface RecallDeps extends SegmentDeps {
  recalls: RecallStore;
  messenger: MassMessenger;
  tasks: Pick<SalesTaskStore, 'open'>;
  logger?: Logger;
}

const DAY = 86_400;
/** How long the periodic check keeps asking WeCom about unconfirmed messages. */
export const POLL_DAYS = 30;
/** A recall task is a next step for today, not an emergency. */
const TASK_DUE_SECONDS = DAY;

export interface RecallInput {
  segmentId: number;
  text: string;
  attachments: unknown[];
  frequencyCapDays: number;
  windowDays: number;
}

export interface RecallCreated {
  recall: Recall;
  massRecipients: number;
  tasks: number;
  capped: number;
  messages: { userId: string; recipients: number; msgid: string | null; failed: number; errcode: number }[];
}

/** WeCom's errcode on a failed call, or -1 for anything else (timeouts, transport). */
const errcodeOf = (error: unknown): number => {
  const errcode = (error as { errcode?: unknown }).errcode;
  return typeof errcode === 'number' ? errcode : -1;
};

/**
 * @throws NotFoundError (404 `segment_not_found`) for an unknown segment
 */
export async function createRecall(deps: RecallDeps, input: RecallInput): Promise<RecallCreated> {
  const segment = await getSegment(deps, input.segmentId);
  const now = nowSeconds(deps.clock);
  const since = now - input.frequencyCapDays * DAY;
  const members: SegmentMember[] = [];
  const contacted = new Set<string>();
  for await (const page of segmentMembers(deps, segment.definition, now)) {
    members.push(...page);
    // A cap of 0 days means no cap.
    if (input.frequencyCapDays > 0) for (const id of await deps.recalls.contactedSince(page.map((m) => m.externalUserId), since)) contacted.add(id);
  }
  const plan: RecallPlan = planRecall(members, contacted);
  const recall = await deps.recalls.create({ ...input, definition: segment.definition, createdAt: now });

  await deps.recalls.addRecipients(recall.id, plan.oneToOne.map((t) => ({ ...t, channel: 'task' as const, status: 'task' as const })), now);
  for (const { userId, externalUserId } of plan.oneToOne) {
    await deps.tasks.open({
      userId,
      externalUserId,
      scene: RECALL_TASK_SCENE,
      title: '召回：高价值客户只做 1 对 1，请亲自联系',
      priority: 'high',
      suggestedReply: input.text,
      dueAt: now + TASK_DUE_SECONDS,
      createdAt: now,
    });
  }

  const messages: RecallCreated['messages'] = [];
  for (const [sender, batches] of plan.mass) {
    for (const batch of batches) {
      await deps.recalls.addRecipients(recall.id, batch.map((externalUserId) => ({ externalUserId, userId: sender, channel: 'mass' as const, status: 'pending' as const })), now);
      let answer: { msgid: string | null; failList: string[]; errcode: number };
      try {
        answer = { ...(await deps.messenger.send({ sender, externalUserIds: batch, text: input.text, attachments: input.attachments })), errcode: 0 };
      } catch (error) {
        // One salesperson's failure must not stop the others; the failed recipients are kept (status failed).
        deps.logger?.warn({ err: error, recallId: recall.id, sender }, 'recall mass message failed');
        answer = { msgid: null, failList: batch, errcode: errcodeOf(error) };
      }
      await deps.recalls.recordMessage(recall.id, { userId: sender, externalUserIds: batch, ...answer });
      messages.push({ userId: sender, recipients: batch.length, msgid: answer.msgid, failed: answer.msgid === null ? batch.length : answer.failList.length, errcode: answer.errcode });
    }
  }
  return {
    recall,
    massRecipients: [...plan.mass.values()].reduce((n, batches) => n + batches.reduce((m, b) => m + b.length, 0), 0),
    tasks: plan.oneToOne.length,
    capped: plan.capped.length,
    messages,
  };
}

/**
 * Polls WeCom for the results of mass messages still open: get_groupmsg_task first (a
 * sender who has not confirmed has nothing to report), then get_groupmsg_send_result per
 * confirmed sender. A message settles once none of its recipients is pending.
 * @param recallId - one recall; when undefined (the maintenance task) every recall of the
 *   last {@link POLL_DAYS} days: a message nobody confirmed in a month will not be sent
 * @returns recipients whose status changed
 */
export async function checkRecallResults(deps: Pick<RecallDeps, 'recalls' | 'messenger' | 'clock'>, recallId?: number): Promise<number> {
  const now = nowSeconds(deps.clock);
  let changed = 0;
  for (const message of await deps.recalls.unsettledMessages(recallId === undefined ? { since: now - POLL_DAYS * DAY } : { recallId })) {
    const senders = await deps.messenger.senders(message.msgid);
    if (!senders.some((s) => s.userId === message.userId && s.sent)) continue;
    const results = (await deps.messenger.results(message.msgid, message.userId)).map((r) => ({
      externalUserId: r.externalUserId,
      status: recipientStatusOf(r.status),
      ...(r.sendTime !== undefined ? { sentAt: r.sendTime } : {}),
    }));
    const settled = results.length > 0 && results.every((r) => r.status !== 'pending');
    changed += await deps.recalls.applyResults(message, results.filter((r) => r.status !== 'pending'), settled, now);
  }
  return changed;
}

/** @throws NotFoundError (404 `recall_not_found`) */
export async function getRecall(deps: Pick<RecallDeps, 'recalls'>, id: number): Promise<Recall> {
  const recall = await deps.recalls.get(id);
  if (!recall) throw new NotFoundError(`recall ${id} does not exist`, 'recall_not_found');
  return recall;
}

export function listRecalls(deps: Pick<RecallDeps, 'recalls'>, limit: number): Promise<Recall[]> {
  return deps.recalls.list(limit);
}

/** The recall with its recipients and recall rate (recalled = wrote or ordered within `windowDays` after the send). */
export async function recallWithReport(deps: Pick<RecallDeps, 'recalls' | 'clock'>, id: number): Promise<{ recall: Recall; report: RecallReport; windowOpen: boolean }> {
  const recall = await getRecall(deps, id);
  const report = recallReport(await deps.recalls.counts(id, recall.windowDays * DAY));
  // The rate can still grow while a message waits for its sender or its window has not passed.
  const windowOpen = report.mass.pending > 0 || nowSeconds(deps.clock) < recall.createdAt + recall.windowDays * DAY;
  return { recall, report, windowOpen };
}
