import { describe, expect, it } from 'vitest';
import { applyTagRules } from '../../../src/app/apply-tag-rules.ts';
import { CachedReplyScripts, CachedTagRules } from '../../../src/app/cached-rules.ts';
import type { CorpTagStore } from '../../../src/domain/ports.ts';
import type { TagRule, TagRuleTrigger } from '../../../src/domain/tags/tag-rules.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { InMemoryContactRepo } from '../../helpers/fakes.ts';

const SALES = 'sales.li';
const CUSTOMER = 'wmRuleCustomer0001';
const NOW = new Date('2026-11-28T00:00:00Z');
const AT = NOW.getTime() / 1000;

const rule = (id: number, trigger: TagRuleTrigger, addTagIds: string[], removeTagIds: string[] = []): TagRule => ({
  id,
  name: `rule ${id}`,
  enabled: true,
  trigger,
  addTagIds,
  removeTagIds,
});

async function world(rules: TagRule[], options: { currentTags?: string[]; liveTags?: string[]; failWecom?: boolean } = {}) {
  const repo = new InMemoryContactRepo();
  await repo.setRelationState(SALES, CUSTOMER, { status: 'active', statusChangedAt: 1 });
  await repo.recordChange({ userId: SALES, externalUserId: CUSTOMER, next: options.currentTags ?? [], changes: [] });
  const markTagCalls: unknown[] = [];
  const liveTags = options.liveTags;
  const corpTags: CorpTagStore | undefined = liveTags && {
    replaceAll: async () => {},
    upsertGroup: async () => {},
    listGroups: async () => [],
    unknownTagIds: async (ids) => ids.filter((id) => !liveTags.includes(id)),
  };
  const deps = {
    tags: {
      markTags: async (input: unknown) => {
        markTagCalls.push(input);
        if (options.failWecom) throw new Error('wecom down');
      },
    },
    customerTags: repo,
    clock: fixedClock(NOW),
    rules: { list: async () => rules },
    ...(corpTags ? { corpTags } : {}),
  };
  return { repo, markTagCalls, deps };
}

const input = (facts: Parameters<typeof applyTagRules>[1]['facts'], operationId = 'msg-1') => ({ userId: SALES, externalUserId: CUSTOMER, facts, operationId });

describe('applyTagRules()', () => {
  it('should carry out a firing rule through mark_tag and record the rule as the cause', async () => {
    const { repo, markTagCalls, deps } = await world([rule(7, { type: 'intent', intents: ['complaint'] }, ['etRisk'], ['etHappy'])], { currentTags: ['etHappy'] });
    const applied = await applyTagRules(deps, input({ intent: 'complaint', text: '太差了' }));
    expect(applied).toEqual([{ ruleId: 7, add: ['etRisk'], remove: ['etHappy'] }]);
    expect(markTagCalls).toEqual([{ userId: SALES, externalUserId: CUSTOMER, add: ['etRisk'], remove: ['etHappy'] }]);
    expect(await repo.tagsOf(SALES, CUSTOMER)).toEqual(['etRisk']);
    const cause = { kind: 'rule', ref: '7' };
    expect(await repo.history(CUSTOMER, 10)).toEqual([
      { operationId: 'msg-1#rule-7', userId: SALES, externalUserId: CUSTOMER, tagId: 'etHappy', action: 'remove', cause, at: AT },
      { operationId: 'msg-1#rule-7', userId: SALES, externalUserId: CUSTOMER, tagId: 'etRisk', action: 'add', cause, at: AT },
    ]);
  });

  it('should call nothing and return nothing when no enabled rule fires', async () => {
    const disabled = { ...rule(2, { type: 'intent', intents: ['logistics'] }, ['etShip']), enabled: false };
    const { markTagCalls, deps } = await world([rule(1, { type: 'keyword', keywords: ['团购'] }, ['etGroup']), disabled]);
    expect(await applyTagRules(deps, input({ intent: 'logistics', text: '到哪了' }))).toEqual([]);
    expect(markTagCalls).toEqual([]);
  });

  it('should change nothing and record nothing more when the same operation runs again', async () => {
    const { repo, markTagCalls, deps } = await world([rule(1, { type: 'channel', states: ['ch-expo'] }, ['etExpo'])]);
    await applyTagRules(deps, input({ channelState: 'ch-expo' }, 'evt-1'));
    expect(await applyTagRules(deps, input({ channelState: 'ch-expo' }, 'evt-1'))).toEqual([]);
    expect(markTagCalls).toHaveLength(1);
    expect(await repo.history(CUSTOMER, 10)).toHaveLength(1);
  });

  it('should apply rules in id order, so the higher id has the last word, and keep both in the history', async () => {
    const rules = [rule(5, { type: 'intent', intents: ['repurchase_signal'] }, [], ['etVip']), rule(2, { type: 'spend', atLeast: 1000 }, ['etVip'])];
    const { repo, deps } = await world(rules);
    const applied = await applyTagRules(deps, input({ intent: 'repurchase_signal', totalSpend: 1200, previousTotalSpend: 900 }));
    expect(applied).toEqual([
      { ruleId: 2, add: ['etVip'], remove: [] },
      { ruleId: 5, add: [], remove: ['etVip'] },
    ]);
    expect(await repo.tagsOf(SALES, CUSTOMER)).toEqual([]);
    expect((await repo.history(CUSTOMER, 10)).map((c) => `${c.cause.ref} ${c.action} ${c.tagId}`)).toEqual(['5 remove etVip', '2 add etVip']);
  });

  it('should skip tags deleted in WeCom since the rule was saved and still apply the rest', async () => {
    const rules = [rule(1, { type: 'keyword', keywords: ['vip'] }, ['etGone', 'etVip']), rule(2, { type: 'keyword', keywords: ['vip'] }, ['etGoneToo'])];
    const { markTagCalls, deps } = await world(rules, { liveTags: ['etVip'] });
    expect(await applyTagRules(deps, input({ text: '我是ＶＩＰ' }))).toEqual([{ ruleId: 1, add: ['etVip'], remove: [] }]);
    expect(markTagCalls).toEqual([{ userId: SALES, externalUserId: CUSTOMER, add: ['etVip'], remove: [] }]);
  });

  it('should fail and change nothing locally when mark_tag fails, so the job is retried', async () => {
    const { repo, deps } = await world([rule(1, { type: 'intent', intents: ['referral'] }, ['etReferrer'])], { failWecom: true });
    await expect(applyTagRules(deps, input({ intent: 'referral' }))).rejects.toThrow('wecom down');
    expect(await repo.tagsOf(SALES, CUSTOMER)).toEqual([]);
    expect(await repo.history(CUSTOMER, 10)).toEqual([]);
  });
});

describe('CachedTagRules and CachedReplyScripts', () => {
  it.each([
    ['CachedTagRules', CachedTagRules],
    ['CachedReplyScripts', CachedReplyScripts],
  ])('%s should read the list once within the TTL and again after it', async (_name, Cached) => {
    let reads = 0;
    const inner = { list: async () => [reads++] as never[] };
    const clock = fixedClock(NOW);
    const cached = new Cached(inner, clock, 5_000);
    expect(await Promise.all([cached.list(), cached.list()])).toEqual([[0], [0]]);
    clock.advance(5_001);
    expect(await cached.list()).toEqual([1]);
    expect(reads).toBe(2);
  });
});
