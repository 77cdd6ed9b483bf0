/**
 * The minute task: customer threads left unanswered longer than the timeout in working
 * minutes raise one alert each (the alert key is the thread's first message), and alerts
 * whose notification failed earlier are retried. The run is claimed per minute, so two
 * workers picking up the same schedule do the work once.
 */
import { timeoutAlertKey } from '../../domain/quality/quality.ts';
import { workingMinutesBetween } from '../../domain/quality/working-time.ts';
import { nowSeconds } from '../../shared/clock.ts';
import type { QualityDeps } from './deps.ts';
import { notifyAlert } from './notify-alert.ts';

/** Threads that started longer ago are not looked at (bounds the scan). */
export const TIMEOUT_LOOKBACK_SECONDS = 14 * 86_400;
/** A new alert's own notification gets this long before the retry sweep may take it. */
const RETRY_AFTER_SECONDS = 60;
/** Pending notifications older than this are left (the console still lists the alert). */
const RETRY_WINDOW_SECONDS = 86_400;
const RETRY_BATCH = 100;

export async function checkReplyTimeouts(deps: QualityDeps): Promise<{ raised: number; retried: number } | 'claimed_elsewhere'> {
  const now = nowSeconds(deps.clock);
  if (!(await deps.claims.claim(`quality-timeouts-${Math.floor(now / 60)}`, now))) return 'claimed_elsewhere';
  const [settings, leads] = await Promise.all([deps.settings.settings(), deps.settings.leads()]);
  const hours = settings.workingHours;
  let raised = 0;
  for (const thread of await deps.alerts.unanswered(now - TIMEOUT_LOOKBACK_SECONDS)) {
    const waited = workingMinutesBetween(thread.startAt, now, hours);
    if (waited < settings.replyTimeoutMinutes) continue;
    const lead = leads[thread.userId];
    const alert = await deps.alerts.add({
      dedupeKey: timeoutAlertKey(thread),
      kind: 'timeout',
      userId: thread.userId,
      externalUserId: thread.externalUserId,
      detail: String(Math.floor(waited)),
      occurredAt: thread.startAt,
      raisedAt: now,
      ...(lead ? { leadUserId: lead } : {}),
    });
    if (!alert) continue;
    raised += 1;
    await notifyAlert(deps, alert, hours.timeZone);
  }
  const retry = await deps.alerts.pending(now - RETRY_WINDOW_SECONDS, now - RETRY_AFTER_SECONDS, RETRY_BATCH);
  for (const alert of retry) await notifyAlert(deps, alert, hours.timeZone);
  return { raised, retried: retry.length };
}
