/**
 * The weekly quality summary per salesperson: alerts by kind, and the median and p90 of
 * first-reply times in working minutes over the threads that started in the week and
 * were answered (unanswered ones are counted apart: they have no reply time yet).
 */
import { addDays, isIsoDate } from '../local-time.ts';
import { quantile } from './percentiles.ts';
import type { AlertKind, WorkingHours } from './quality.ts';
import type { ReplyThread } from './reply-threads.ts';
import { isoWeekday, workingMinutesBetween } from './working-time.ts';

export interface SalespersonWeek {
  userId: string;
  alerts: Record<AlertKind, number>;
  threads: number;
  unanswered: number;
  /** Working minutes, one decimal; null without answered threads. */
  medianFirstReplyMinutes: number | null;
  p90FirstReplyMinutes: number | null;
}

/** Whether `week` is a Monday written as YYYY-MM-DD. */
export function isWeekStart(week: string): boolean {
  return isIsoDate(week) && isoWeekday(week) === 1;
}

/** The Monday after `week`. */
export function weekEnd(week: string): string {
  return addDays(week, 7);
}

const oneDecimal = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 10) / 10);

/**
 * @param threads - threads that started in the week (replies may fall after it)
 * @param alertCounts - alerts of the week per salesperson and kind
 */
export function summarizeWeek(threads: readonly ReplyThread[], alertCounts: readonly { userId: string; kind: AlertKind; count: number }[], hours: WorkingHours): SalespersonWeek[] {
  const rows = new Map<string, SalespersonWeek & { waits: number[] }>();
  const row = (userId: string) => {
    let found = rows.get(userId);
    if (!found) {
      found = { userId, alerts: { sensitive: 0, timeout: 0 }, threads: 0, unanswered: 0, medianFirstReplyMinutes: null, p90FirstReplyMinutes: null, waits: [] };
      rows.set(userId, found);
    }
    return found;
  };
  for (const { userId, kind, count } of alertCounts) row(userId).alerts[kind] += count;
  for (const thread of threads) {
    const target = row(thread.userId);
    target.threads += 1;
    if (thread.replyAt === undefined) target.unanswered += 1;
    else target.waits.push(workingMinutesBetween(thread.startAt, thread.replyAt, hours));
  }
  return [...rows.values()]
    .sort((a, b) => a.userId.localeCompare(b.userId))
    .map(({ waits, ...rest }) => ({ ...rest, medianFirstReplyMinutes: oneDecimal(quantile(waits, 0.5)), p90FirstReplyMinutes: oneDecimal(quantile(waits, 0.9)) }));
}
