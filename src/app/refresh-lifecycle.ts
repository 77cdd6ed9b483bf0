/**
 * Recomputes customers' lifecycle stages. A stage change is stored with its time, runs the
 * stage tag rules ("becomes lapsed → tag 流失") for every salesperson who serves the
 * customer, and opens a task with the stage's hook. Runs for the customers an event
 * touched (an order, a message) and for everyone periodically, since stages also change
 * by time passing.
 */
import type { CustomerRoster, LifecycleStore, SalesTaskStore } from '../domain/ports.ts';
import { DEFAULT_LIFECYCLE_THRESHOLDS, lifecycleStage, STAGE_HOOKS, type LifecycleStage, type LifecycleThresholds } from '../domain/value/lifecycle.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';

export interface LifecycleDeps {
  lifecycle: LifecycleStore;
  roster: Pick<CustomerRoster, 'activeFollowersOf'>;
  tasks: Pick<SalesTaskStore, 'open'>;
  clock: Clock;
  thresholds?: LifecycleThresholds;
  applyRules?: (input: { userId: string; externalUserId: string; facts: { stage: string; previousStage?: string }; operationId: string }) => Promise<unknown>;
}

const PAGE = 500;
/** A stage hook is a next step, not an emergency: due within a day. */
const HOOK_DUE_SECONDS = 24 * 3600;

/** Returns how many customers changed stage. */
export async function refreshLifecycle(deps: LifecycleDeps, externalUserIds: string[]): Promise<number> {
  return (await refresh(deps, externalUserIds)).changed;
}

/** Refreshes one customer and returns their stage now (undefined without a relation). */
export async function refreshStageOf(deps: LifecycleDeps, externalUserId: string): Promise<LifecycleStage | undefined> {
  return (await refresh(deps, [externalUserId])).stages.get(externalUserId);
}

async function refresh(deps: LifecycleDeps, externalUserIds: string[]): Promise<{ changed: number; stages: Map<string, LifecycleStage> }> {
  const stages = new Map<string, LifecycleStage>();
  if (externalUserIds.length === 0) return { changed: 0, stages };
  const now = nowSeconds(deps.clock);
  const [facts, stored] = await Promise.all([deps.lifecycle.factsFor(externalUserIds), deps.lifecycle.stagesOf(externalUserIds)]);
  let changed = 0;
  for (const fact of facts) {
    const stage = lifecycleStage(fact, now, deps.thresholds ?? DEFAULT_LIFECYCLE_THRESHOLDS);
    stages.set(fact.externalUserId, stage);
    const previous = stored.get(fact.externalUserId);
    if (previous?.stage === stage) continue;
    await deps.lifecycle.save(fact.externalUserId, stage, now);
    changed++;
    // A first computation (the refresh meeting an existing customer base) opens no task:
    // it would flood salespeople with a task per customer. Only a genuinely new customer gets one.
    const hook = previous || stage === 'new' ? STAGE_HOOKS[stage] : null;
    for (const userId of await deps.roster.activeFollowersOf(fact.externalUserId)) {
      const operationId = `stage-${fact.externalUserId}-${stage}-${now}`;
      await deps.applyRules?.({ userId, externalUserId: fact.externalUserId, facts: { stage, ...(previous ? { previousStage: previous.stage } : {}) }, operationId });
      if (hook) {
        await deps.tasks.open({ userId, externalUserId: fact.externalUserId, scene: `stage_${stage}`, title: hook, priority: 'normal', dueAt: now + HOOK_DUE_SECONDS, createdAt: now });
      }
    }
  }
  return { changed, stages };
}

/** The periodic pass over every customer with a relation, a page at a time. */
export async function refreshAllLifecycles(deps: LifecycleDeps): Promise<number> {
  let changed = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await deps.lifecycle.customerIds(after, PAGE);
    if (ids.length === 0) return changed;
    changed += await refreshLifecycle(deps, ids);
    after = ids[ids.length - 1];
  }
}
