/**
 * The sensitive-word check on ingested messages: one alert per message and rule (the
 * alert key), so a re-imported batch raises nothing new; only a new alert notifies.
 */
import { messageKey, type NewChatMessage } from '../../domain/messages/chat-message.ts';
import { sensitiveAlertKey } from '../../domain/quality/quality.ts';
import { screenMessage } from '../../domain/quality/sensitive-match.ts';
import { nowSeconds } from '../../shared/clock.ts';
import type { QualityDeps } from './deps.ts';
import { notifyAlert } from './notify-alert.ts';

export async function screenMessages(deps: QualityDeps, batch: readonly NewChatMessage[]): Promise<number> {
  const rules = (await deps.rules.list()).filter((rule) => rule.enabled);
  if (rules.length === 0) return 0;
  const hits = batch.flatMap((message) => screenMessage(rules, message).map((hit) => ({ message, ...hit })));
  if (hits.length === 0) return 0;
  const [leads, settings] = await Promise.all([deps.settings.leads(), deps.settings.settings()]);
  let raised = 0;
  for (const { message, rule, matched } of hits) {
    const userId = message.userId!;
    const key = messageKey(message.source, message.sourceMessageId);
    const lead = leads[userId];
    const alert = await deps.alerts.add({
      dedupeKey: sensitiveAlertKey(key, rule.id),
      kind: 'sensitive',
      userId,
      ...(message.externalUserId ? { externalUserId: message.externalUserId } : {}),
      messageKey: key,
      ruleId: rule.id,
      detail: matched,
      occurredAt: message.sentAt,
      raisedAt: nowSeconds(deps.clock),
      ...(lead ? { leadUserId: lead } : {}),
    });
    if (!alert) continue;
    raised += 1;
    await notifyAlert(deps, alert, settings.workingHours.timeZone);
  }
  return raised;
}
