import { describe, expect, it } from 'vitest';
import { refreshAllLifecycles, refreshLifecycle, type LifecycleDeps } from '../../../src/app/refresh-lifecycle.ts';
import type { LifecycleStore } from '../../../src/domain/ports.ts';
import type { LifecycleFacts, LifecycleStage } from '../../../src/domain/value/lifecycle.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { InMemorySalesTaskStore } from '../../helpers/message-fakes.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;

function world(allFacts: LifecycleFacts[]) {
  const stages = new Map<string, { stage: LifecycleStage; since: number }>();
  const lifecycle: LifecycleStore = {
    factsFor: async (ids) => allFacts.filter((f) => ids.includes(f.externalUserId)),
    customerIds: async (after, limit) => allFacts.map((f) => f.externalUserId).sort().filter((id) => after === undefined || id > after).slice(0, limit),
    stagesOf: async (ids) => new Map([...stages].filter(([id]) => ids.includes(id))),
    save: async (id, stage, since) => void stages.set(id, { stage, since }),
  };
  const tasks = new InMemorySalesTaskStore();
  const rules: unknown[] = [];
  const clock = fixedClock(new Date(NOW * 1000));
  const deps: LifecycleDeps = {
    lifecycle,
    tasks,
    clock,
    roster: { activeFollowersOf: async (id) => (id === 'wmA' ? ['sales.li'] : []) },
    applyRules: async (input) => void rules.push(input),
  };
  return { deps, stages, tasks, rules, clock };
}

const base = { served: true, removedByCustomer: false, lastOrderAt: null, orderCount: 0 };

describe('refreshLifecycle()', () => {
  it('should store a change, run the stage rules and open the stage hook task for each follower, once', async () => {
    const { deps, stages, tasks, rules } = world([{ ...base, externalUserId: 'wmA', firstAddedAt: NOW - 3600, lastInboundAt: null }]);

    expect(await refreshLifecycle(deps, ['wmA'])).toBe(1);
    expect(await refreshLifecycle(deps, ['wmA'])).toBe(0);

    expect(stages.get('wmA')).toEqual({ stage: 'new', since: NOW });
    expect(rules).toEqual([{ userId: 'sales.li', externalUserId: 'wmA', facts: { stage: 'new' }, operationId: `stage-wmA-new-${NOW}` }]);
    expect(tasks.rows.map((t) => [t.userId, t.scene, t.title.slice(0, 2)])).toEqual([['sales.li', 'stage_new', '新客']]);
  });

  it('should move customers as time passes, with the previous stage in the rule facts', async () => {
    const { deps, stages, rules, clock } = world([{ ...base, externalUserId: 'wmA', firstAddedAt: NOW - 3600, lastInboundAt: null }]);
    await refreshLifecycle(deps, ['wmA']);
    clock.advance(40 * DAY * 1000);
    expect(await refreshAllLifecycles(deps)).toBe(1);
    expect(stages.get('wmA')?.stage).toBe('declining');
    expect(rules.at(-1)).toMatchObject({ facts: { stage: 'declining', previousStage: 'new' } });
  });

  it('should walk every customer page by page, opening no task for a first computation that is not a new customer', async () => {
    const many = Array.from({ length: 1_203 }, (_, i) => ({ ...base, externalUserId: i === 0 ? 'wmA' : `wm${String(i).padStart(5, '0')}`, firstAddedAt: NOW - 200 * DAY, lastInboundAt: NOW - DAY }));
    const { deps, stages, tasks, rules } = world(many);
    expect(await refreshAllLifecycles(deps)).toBe(1_203);
    expect(stages.size).toBe(1_203);
    expect(tasks.rows).toEqual([]);
    expect(rules).toEqual([expect.objectContaining({ externalUserId: 'wmA', facts: { stage: 'breaking_in' } })]);
  });
});
