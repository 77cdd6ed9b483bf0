/**
 * Conversation quality (会话质检): sensitive-word rules, the working hours reply timeouts
 * count in, and the alerts both raise. Plain data; the rules live in the sibling modules.
 */

export type RuleKind = 'word' | 'regex';
/** `whole`: whole words, case-insensitive. `fuzzy`: also across inserted spaces, punctuation and full/half width. */
export type MatchMode = 'whole' | 'fuzzy';
export type Direction = 'in' | 'out';

export interface NewQualityRule {
  name: string;
  kind: RuleKind;
  pattern: string;
  matchMode: MatchMode;
  /** Which messages are checked: the salesperson's (`out`), the customer's (`in`). */
  directions: Direction[];
  /** Salespeople in scope; empty means all. */
  userIds: string[];
  enabled: boolean;
}

export interface QualityRule extends NewQualityRule {
  id: number;
}

export interface WorkingHours {
  /** IANA zone the hours are read in. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** "HH:MM", before `to` (no shift crosses midnight). */
  from: string;
  to: string;
}

export interface QualitySettings {
  workingHours: WorkingHours;
  /** Working minutes a customer may wait for a reply before an alert. */
  replyTimeoutMinutes: number;
}

export const DEFAULT_QUALITY_SETTINGS: QualitySettings = {
  workingHours: { timeZone: 'Asia/Shanghai', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
  replyTimeoutMinutes: 30,
};

export type AlertKind = 'sensitive' | 'timeout';
export const ALERT_KINDS: readonly AlertKind[] = ['sensitive', 'timeout'];
export type NotifyStatus = 'pending' | 'sent' | 'no_lead' | 'failed';

export interface NewQualityAlert {
  /** One alert per key: `sensitive:<messageKey>:<ruleId>` or `timeout:<userId>:<externalUserId>:<threadStart>`. */
  dedupeKey: string;
  kind: AlertKind;
  userId: string;
  externalUserId?: string;
  messageKey?: string;
  ruleId?: number;
  /** The matched text, or the working minutes waited. */
  detail: string;
  /** Unix seconds. */
  occurredAt: number;
  raisedAt: number;
  leadUserId?: string;
}

export interface QualityAlert extends NewQualityAlert {
  id: number;
  notifyStatus: NotifyStatus;
  notifyAttempts: number;
  notifiedAt?: number;
}

export function sensitiveAlertKey(messageKey: string, ruleId: number): string {
  return `sensitive:${messageKey}:${ruleId}`;
}

export function timeoutAlertKey(thread: { userId: string; externalUserId: string; startAt: number }): string {
  return `timeout:${thread.userId}:${thread.externalUserId}:${thread.startAt}`;
}
