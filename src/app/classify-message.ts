/**
 * The classification job for one stored message: detect the intent (the offline
 * classifier, and optionally a second opinion for low-confidence verdicts), store it,
 * apply the tag rules it triggers on the serving salesperson's relation, and open the
 * scene's SOP task for that salesperson. Re-running it for a classified message does
 * nothing, so a retried job has one effect.
 */
import { detectIntent, type IntentResult } from '../domain/intent/intent.ts';
import { sceneFor } from '../domain/intent/scene.ts';
import { isClassifiable, type ChatMessage } from '../domain/messages/chat-message.ts';
import type { CustomerRoster, IntentSecondOpinion, MessageStore, OrderStore, SalesTaskStore } from '../domain/ports.ts';
import type { LifecycleStage } from '../domain/value/lifecycle.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';
import { NotFoundError } from '../shared/errors.ts';

export interface ClassifyDeps {
  messages: MessageStore;
  roster: Pick<CustomerRoster, 'activeFollowersOf'>;
  tasks: SalesTaskStore;
  clock: Clock;
  secondOpinion?: IntentSecondOpinion;
  /** The customer's value (imported orders): a high-value customer's scenes get more urgent. */
  values?: Pick<OrderStore, 'valueOf'>;
  /**
   * Recomputes the writer's lifecycle stage (the message is activity) and returns it: a
   * lapsed customer asking again is a win-back chance.
   */
  refreshStage?: (externalUserId: string) => Promise<LifecycleStage | undefined>;
  /** Applies the admins' tag rules to one relation (app/apply-tag-rules.ts). */
  applyRules?: (input: { userId: string; externalUserId: string; facts: { intent: string; text: string }; operationId: string }) => Promise<unknown>;
  /** The best reply script for the scene, if any (the reply-script library). */
  suggestReply?: (context: { intent: string; scene: string }) => Promise<{ scriptId: number; text: string } | undefined>;
}

export type ClassifyOutcome = 'classified' | 'already_classified' | 'not_classifiable';

async function verdict(deps: ClassifyDeps, text: string): Promise<IntentResult> {
  const local = detectIntent(text);
  if (!deps.secondOpinion || local.confidence >= deps.secondOpinion.below) return local;
  const second = await deps.secondOpinion.classify(text).catch(() => null);
  return second ? { intent: second.intent, confidence: second.confidence, evidence: [...local.evidence, 'llm'] } : local;
}

/**
 * Who acts on the message: the salesperson it was written to when they serve the
 * customer, else whoever added the customer most recently. None for unknown customers.
 */
async function servingSalesperson(deps: ClassifyDeps, message: ChatMessage): Promise<string | undefined> {
  if (!message.externalUserId) return undefined;
  const followers = await deps.roster.activeFollowersOf(message.externalUserId);
  return message.userId && followers.includes(message.userId) ? message.userId : followers[0];
}

export async function classifyMessage(deps: ClassifyDeps, key: string): Promise<ClassifyOutcome> {
  const message = await deps.messages.getByKey(key);
  if (!message) throw new NotFoundError(`no message ${key}`, 'message_missing');
  if (message.classification) return 'already_classified';
  if (!isClassifiable(message) || !message.text) return 'not_classifiable';
  const text = message.text;
  const result = await verdict(deps, text);
  const now = nowSeconds(deps.clock);
  const customer = message.externalUserId;
  const [value, stage] = await Promise.all([
    customer && deps.values ? deps.values.valueOf(customer) : null,
    customer && deps.refreshStage ? deps.refreshStage(customer) : undefined,
  ]);
  const scene = sceneFor(result.intent, {
    ...(value ? { valueLayer: value.valueLayer, daysSinceLastOrder: Math.floor((now - value.lastOrderAt) / 86_400) } : {}),
    ...(stage ? { lifecycleStage: stage } : {}),
  });
  const userId = await servingSalesperson(deps, message);
  if (userId && message.externalUserId) {
    const externalUserId = message.externalUserId;
    await deps.applyRules?.({ userId, externalUserId, facts: { intent: result.intent, text }, operationId: key });
    if (scene) {
      const reply = await deps.suggestReply?.({ intent: result.intent, scene: scene.key });
      await deps.tasks.open({
        userId,
        externalUserId,
        scene: scene.key,
        title: `${scene.label}：${scene.suggestedAction}`,
        priority: scene.priority,
        ...(reply ? { suggestedReply: reply.text, scriptId: reply.scriptId } : {}),
        messageId: message.id,
        dueAt: now + scene.dueInMinutes * 60,
        createdAt: now,
      });
    }
  }
  // Last: a crash before this leaves the message unclassified, so the retry redoes the
  // steps above, each of which is idempotent (rule history by key, one open task per scene).
  await deps.messages.saveClassification(message.id, {
    intent: result.intent,
    confidence: result.confidence,
    evidence: result.evidence,
    ...(scene ? { scene: scene.key } : {}),
    classifiedAt: now,
  });
  return 'classified';
}
