/**
 * Tells the salesperson's lead about an alert by app message. A failure leaves the alert
 * `pending` for the minute task to retry; after MAX_NOTIFY_ATTEMPTS it is `failed`.
 * The console lists every alert whatever its notification did.
 */
import { localTime, type LocalTime } from '../../domain/local-time.ts';
import type { QualityAlert, WorkingHours } from '../../domain/quality/quality.ts';
import { nowSeconds } from '../../shared/clock.ts';
import type { QualityDeps } from './deps.ts';

export const MAX_NOTIFY_ATTEMPTS = 5;
/** Characters of the matched text quoted in the message (message/send takes 2048 bytes). */
const MAX_QUOTE = 100;

const hhmm = (t: LocalTime) => `${String(Math.floor(t.minute / 60)).padStart(2, '0')}:${String(t.minute % 60).padStart(2, '0')}`;

/** The app message text for the lead. */
export function alertText(alert: QualityAlert, timeZone: WorkingHours['timeZone']): string {
  const at = localTime(new Date(alert.occurredAt * 1000), timeZone);
  const when = `${at.date} ${hhmm(at)}`;
  const customer = alert.externalUserId ? `，客户 ${alert.externalUserId}` : '';
  if (alert.kind === 'sensitive') {
    return `【会话质检】${alert.userId} 的会话命中敏感词「${alert.detail.slice(0, MAX_QUOTE)}」${customer}，时间 ${when}。`;
  }
  return `【会话质检】${alert.userId} 超时未回复${customer}：客户 ${when} 的消息已等待 ${alert.detail} 个工作分钟。`;
}

export async function notifyAlert(deps: Pick<QualityDeps, 'alerts' | 'messenger' | 'clock' | 'logger'>, alert: QualityAlert, timeZone: string): Promise<void> {
  const now = nowSeconds(deps.clock);
  if (!alert.leadUserId) return deps.alerts.markNotify(alert.id, 'no_lead', now);
  try {
    await deps.messenger.sendText(alert.leadUserId, alertText(alert, timeZone));
    await deps.alerts.markNotify(alert.id, 'sent', now);
  } catch (error) {
    deps.logger.warn({ alertId: alert.id, err: error }, 'quality alert notification failed');
    await deps.alerts.markNotify(alert.id, alert.notifyAttempts + 1 >= MAX_NOTIFY_ATTEMPTS ? 'failed' : 'pending', now);
  }
}
