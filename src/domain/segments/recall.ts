/**
 * Recall campaigns (召回) on a segment: a WeCom mass message (add_msg_template) per
 * salesperson to the members they serve, except that high-value customers are served 1:1
 * only (a task for their salesperson instead) and nobody is contacted by recalls more often
 * than the frequency cap allows. Afterwards, the recall rate: of those the message reached,
 * how many wrote to us or ordered within the window after it.
 */
import type { SegmentDefinition, SegmentMember } from './segment.ts';

/** add_msg_template takes at most this many external_userid per call (PROTOCOL §4.4). */
export const MASS_MESSAGE_MAX_RECIPIENTS = 10_000;
/** add_msg_template's text limit in UTF-8 bytes, and its attachment count. */
export const MASS_MESSAGE_MAX_TEXT_BYTES = 4000;
export const MASS_MESSAGE_MAX_ATTACHMENTS = 9;
export const DEFAULT_FREQUENCY_CAP_DAYS = 7;
export const DEFAULT_RECALL_WINDOW_DAYS = 7;
/** The scene of the 1:1 task a high-value member gets instead of the mass message. */
export const RECALL_TASK_SCENE = 'recall_one_to_one';

/** pending: WeCom holds it until the salesperson confirms in the client. task: 1:1-only, a task was opened. */
export type RecipientStatus = 'pending' | 'sent' | 'failed' | 'task';

/** queued: accepted, nothing sent yet; sending: a process is working through it; sent: done. */
export type RecallStatus = 'queued' | 'sending' | 'sent';

/** What sending a recall did. */
export interface RecallSummary {
  massRecipients: number;
  tasks: number;
  capped: number;
  /** One add_msg_template call per salesperson and batch; errcode 0 when it succeeded. */
  messages: { userId: string; recipients: number; msgid: string | null; failed: number; errcode: number }[];
  /**
   * Recipients a crashed sender had recorded but whose call never answered: marked failed,
   * not sent again, since WeCom may have made the message already (never twice is the rule).
   */
  interrupted: number;
}

export interface Recall {
  id: number;
  segmentId: number;
  definition: SegmentDefinition;
  text: string;
  attachments: unknown[];
  frequencyCapDays: number;
  windowDays: number;
  /** Unix seconds. */
  createdAt: number;
  checkedAt?: number;
  status: RecallStatus;
  /** Once sent. */
  summary?: RecallSummary;
}

export type NewRecall = Omit<Recall, 'id' | 'checkedAt' | 'status' | 'summary'>;

export interface RecallPlan {
  /** Sender userid → batches of ≤ {@link MASS_MESSAGE_MAX_RECIPIENTS} external userids. */
  mass: Map<string, string[][]>;
  /** 1:1-only members and the salesperson whose task it is. */
  oneToOne: { userId: string; externalUserId: string }[];
  /** Members left out: contacted by a recall within the frequency cap. */
  capped: string[];
}

/**
 * Splits members into mass-message batches per sender, 1:1 tasks and those the cap keeps
 * out. Each member is contacted once, by their first matching salesperson, so a customer
 * two salespeople serve is not messaged twice.
 * @param recentlyContacted - members a recall reached within the cap
 */
export function planRecall(members: Iterable<SegmentMember>, recentlyContacted: ReadonlySet<string>, maxPerCall = MASS_MESSAGE_MAX_RECIPIENTS): RecallPlan {
  const plan: RecallPlan = { mass: new Map(), oneToOne: [], capped: [] };
  for (const member of members) {
    const sender = member.userIds[0];
    if (sender === undefined) continue;
    if (recentlyContacted.has(member.externalUserId)) {
      plan.capped.push(member.externalUserId);
    } else if (member.highValue) {
      plan.oneToOne.push({ userId: sender, externalUserId: member.externalUserId });
    } else {
      const batches = plan.mass.get(sender) ?? [];
      if (batches.length === 0) plan.mass.set(sender, batches);
      const last = batches[batches.length - 1];
      if (last && last.length < maxPerCall) last.push(member.externalUserId);
      else batches.push([member.externalUserId]);
    }
  }
  return plan;
}

/** Recipient counts of one recall by channel and status, with how many came back. */
export interface RecallCounts {
  channel: 'mass' | 'task';
  status: RecipientStatus;
  recipients: number;
  /** Of those, wrote or ordered within the window after the send (sent and task only). */
  recalled: number;
}

export interface RecallReport {
  mass: { recipients: number; pending: number; sent: number; failed: number; recalled: number; rate: number | null };
  oneToOne: { tasks: number; recalled: number; rate: number | null };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * The recall rate: recalled ÷ sent for the mass message (pending and failed never reached
 * anyone), recalled ÷ tasks for the 1:1 members. `null` when there is nothing to divide by.
 */
export function recallReport(counts: readonly RecallCounts[]): RecallReport {
  const sum = (pick: (c: RecallCounts) => boolean, field: 'recipients' | 'recalled') => counts.filter(pick).reduce((n, c) => n + c[field], 0);
  const mass = (status?: RecipientStatus) => (c: RecallCounts) => c.channel === 'mass' && (status === undefined || c.status === status);
  const sent = sum(mass('sent'), 'recipients');
  const recalled = sum(mass('sent'), 'recalled');
  const tasks = sum((c) => c.channel === 'task', 'recipients');
  const taskRecalled = sum((c) => c.channel === 'task', 'recalled');
  return {
    mass: {
      recipients: sum(mass(), 'recipients'),
      pending: sum(mass('pending'), 'recipients'),
      sent,
      failed: sum(mass('failed'), 'recipients'),
      recalled,
      rate: ratio(recalled, sent),
    },
    oneToOne: { tasks, recalled: taskRecalled, rate: ratio(taskRecalled, tasks) },
  };
}

/**
 * get_groupmsg_send_result's status per customer → ours: 1 sent; 2 (not a friend any more)
 * and 3 (the customer already got another mass message, WeCom's own receive cap) failed;
 * 0 not sent yet.
 */
export function recipientStatusOf(wecomStatus: number): RecipientStatus {
  return wecomStatus === 1 ? 'sent' : wecomStatus === 0 ? 'pending' : 'failed';
}
