/**
 * Recall campaigns (召回) on a saved segment. Creating one only queues it: sending walks the
 * whole segment and calls WeCom per salesperson, minutes on a large segment, so a sender
 * (started at once by the web process, and the worker's maintenance task as the safety net)
 * claims the recall in the database and works through it. Sending leaves out members a
 * recall reached within the frequency cap, opens an SOP task for each 1:1-only member's
 * salesperson, and asks WeCom for one mass message per salesperson (split at
 * add_msg_template's 10,000 ids). Every recipient is recorded *before* its call, so the cap
 * also remembers a recall that failed halfway, and a sender that died mid-way is resumed
 * by the next without sending anyone a second message. Results are polled later (a
 * salesperson confirms the message in the client, maybe hours later); the report gives the
 * recall rate.
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
  type RecallSummary,
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
/** A sender holds its recall this long past its last step; a dead one's recall is resumed after. */
export const RECALL_CLAIM_SECONDS = 120;

export interface RecallInput {
  segmentId: number;
  text: string;
  attachments: unknown[];
  frequencyCapDays: number;
  windowDays: number;
}

/** WeCom's errcode on a failed call, or -1 for anything else (timeouts, transport). */
const errcodeOf = (error: unknown): number => {
  const errcode = (error as { errcode?: unknown }).errcode;
  return typeof errcode === 'number' ? errcode : -1;
};

/**
 * Queues a recall on the segment's definition as it is now; {@link sendRecall} sends it.
 * @throws NotFoundError (404 `segment_not_found`) for an unknown segment
 */
export async function queueRecall(deps: RecallDeps, input: RecallInput): Promise<Recall> {
  const segment = await getSegment(deps, input.segmentId);
  return deps.recalls.create({ ...input, definition: segment.definition, createdAt: nowSeconds(deps.clock) });
}

/**
 * Sends a queued recall, or resumes one whose sender died. Returns what it did, or null
 * when another sender holds the recall or it was sent already.
 */
export async function sendRecall(deps: RecallDeps, id: number): Promise<RecallSummary | null> {
  const recall = await deps.recalls.get(id);
  const claimed = () => nowSeconds(deps.clock) + RECALL_CLAIM_SECONDS;
  if (!recall || !(await deps.recalls.claim(id, nowSeconds(deps.clock), claimed()))) return null;
  const interrupted = await deps.recalls.failUnanswered(id);
  const recorded = await deps.recalls.recipientIds(id);
  // The cap's clock is the recall's creation, so a resumed sender caps exactly as the first did.
  const since = recall.createdAt - recall.frequencyCapDays * DAY;
  const members: SegmentMember[] = [];
  const contacted = new Set<string>();
  for await (const page of segmentMembers(deps, recall.definition, recall.createdAt)) {
    const fresh = page.filter((m) => !recorded.has(m.externalUserId));
    members.push(...fresh);
    // A cap of 0 days means no cap.
    if (recall.frequencyCapDays > 0) for (const member of await deps.recalls.contactedSince(fresh.map((m) => m.externalUserId), since)) contacted.add(member);
    await deps.recalls.extendClaim(id, claimed());
  }
  const plan: RecallPlan = planRecall(members, contacted);
  const now = nowSeconds(deps.clock);

  await deps.recalls.addRecipients(id, plan.oneToOne.map((t) => ({ ...t, channel: 'task' as const, status: 'task' as const })), recall.createdAt);
  for (const { userId, externalUserId } of plan.oneToOne) {
    await deps.tasks.open({
      userId,
      externalUserId,
      scene: RECALL_TASK_SCENE,
      title: '召回：高价值客户只做 1 对 1，请亲自联系',
      priority: 'high',
      suggestedReply: recall.text,
      dueAt: now + TASK_DUE_SECONDS,
      createdAt: now,
    });
  }

  const messages: RecallSummary['messages'] = [];
  for (const [sender, batches] of plan.mass) {
    for (const batch of batches) {
      await deps.recalls.addRecipients(id, batch.map((externalUserId) => ({ externalUserId, userId: sender, channel: 'mass' as const, status: 'pending' as const })), recall.createdAt);
      let answer: { msgid: string | null; failList: string[]; errcode: number };
      try {
        answer = { ...(await deps.messenger.send({ sender, externalUserIds: batch, text: recall.text, attachments: recall.attachments })), errcode: 0 };
      } catch (error) {
        // One salesperson's failure must not stop the others; the failed recipients are kept (status failed).
        deps.logger?.warn({ err: error, recallId: id, sender }, 'recall mass message failed');
        answer = { msgid: null, failList: batch, errcode: errcodeOf(error) };
      }
      await deps.recalls.recordMessage(id, { userId: sender, externalUserIds: batch, ...answer });
      await deps.recalls.extendClaim(id, claimed());
      messages.push({ userId: sender, recipients: batch.length, msgid: answer.msgid, failed: answer.msgid === null ? batch.length : answer.failList.length, errcode: answer.errcode });
    }
  }
  const summary: RecallSummary = {
    massRecipients: [...plan.mass.values()].reduce((n, batches) => n + batches.reduce((m, b) => m + b.length, 0), 0),
    tasks: plan.oneToOne.length,
    capped: plan.capped.length,
    messages,
    interrupted,
  };
  await deps.recalls.finish(id, summary);
  return summary;
}

/** The worker's safety net: sends every queued recall and resumes those whose sender died. */
export async function sendQueuedRecalls(deps: RecallDeps): Promise<number> {
  let sent = 0;
  for (const id of await deps.recalls.claimable(nowSeconds(deps.clock))) if (await sendRecall(deps, id)) sent++;
  return sent;
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
