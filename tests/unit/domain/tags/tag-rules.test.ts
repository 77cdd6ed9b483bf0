import { describe, expect, it } from 'vitest';
import { parseTrigger, planTagRules, triggerParams, type TagFacts, type TagRule, type TagRuleTrigger } from '../../../../src/domain/tags/tag-rules.ts';

function rule(id: number, trigger: TagRuleTrigger, overrides: Partial<TagRule> = {}): TagRule {
  return { id, name: `rule ${id}`, enabled: true, trigger, addTagIds: [`etAdd${id}`], removeTagIds: [], ...overrides };
}

const firing = (rules: TagRule[], facts: TagFacts) => planTagRules(rules, facts).map((edit) => edit.ruleId);

describe('planTagRules()', () => {
  it('should fire an intent rule when the intent is one of its intents, and not otherwise', () => {
    const rules = [rule(1, { type: 'intent', intents: ['purchase_intent', 'price_inquiry'] })];
    expect(firing(rules, { intent: 'price_inquiry' })).toEqual([1]);
    expect(firing(rules, { intent: 'complaint' })).toEqual([]);
    expect(firing(rules, {})).toEqual([]);
  });

  it('should fire a keyword rule on a case-insensitive substring of the text', () => {
    const rules = [rule(1, { type: 'keyword', keywords: ['VIP', '团购'] })];
    expect(firing(rules, { text: '我是vip会员' })).toEqual([1]);
    expect(firing(rules, { text: '有没有团购价？' })).toEqual([1]);
    expect(firing(rules, { text: '普通会员' })).toEqual([]);
  });

  it('should match keywords across full-width and half-width forms, both ways', () => {
    expect(firing([rule(1, { type: 'keyword', keywords: ['vip'] })], { text: '我要办ＶＩＰ卡' })).toEqual([1]);
    expect(firing([rule(2, { type: 'keyword', keywords: ['ＳＫＵ１２'] })], { text: 'sku12 还有货吗' })).toEqual([2]);
    expect(firing([rule(3, { type: 'keyword', keywords: ['!!'] })], { text: '太好了！！' })).toEqual([3]);
  });

  it('should never fire on an empty keyword', () => {
    expect(firing([rule(1, { type: 'keyword', keywords: [''] })], { text: 'anything' })).toEqual([]);
  });

  it('should fire a channel rule on one of its channel states only', () => {
    const rules = [rule(1, { type: 'channel', states: ['ch-expo', 'ch-live'] })];
    expect(firing(rules, { channelState: 'ch-live' })).toEqual([1]);
    expect(firing(rules, { channelState: 'ch-other' })).toEqual([]);
  });

  it.each<[string, TagFacts, boolean]>([
    ['the total crosses the threshold', { previousTotalSpend: 800, totalSpend: 1200 }, true],
    ['the total lands exactly on the threshold', { previousTotalSpend: 999.5, totalSpend: 1000 }, true],
    ['the first known total is already above it', { totalSpend: 1500 }, true],
    ['the total was already above it', { previousTotalSpend: 1000, totalSpend: 3000 }, false],
    ['the total stays below it', { previousTotalSpend: 100, totalSpend: 999 }, false],
    ['the total goes down past it (a refund)', { previousTotalSpend: 1200, totalSpend: 800 }, false],
    ['no total is known', { previousTotalSpend: 800 }, false],
  ])('should fire a spend rule of 1000 exactly when %s', (_case, facts, fires) => {
    expect(firing([rule(1, { type: 'spend', atLeast: 1000 })], facts)).toEqual(fires ? [1] : []);
  });

  it.each<[string, TagFacts, boolean]>([
    ['the customer moves into a listed stage', { previousStage: 'breaking_in', stage: 'declining' }, true],
    ['the first known stage is a listed one', { stage: 'lapsed' }, true],
    ['the customer was already in that stage', { previousStage: 'declining', stage: 'declining' }, false],
    ['the new stage is not listed', { previousStage: 'new', stage: 'active' }, false],
    ['no stage is known', { previousStage: 'declining' }, false],
  ])('should fire a stage rule exactly when %s', (_case, facts, fires) => {
    expect(firing([rule(1, { type: 'stage', stages: ['declining', 'lapsed'] })], facts)).toEqual(fires ? [1] : []);
  });

  it('should skip disabled rules even when their trigger matches', () => {
    const rules = [rule(1, { type: 'intent', intents: ['complaint'] }, { enabled: false }), rule(2, { type: 'intent', intents: ['complaint'] })];
    expect(firing(rules, { intent: 'complaint' })).toEqual([2]);
  });

  it('should return every firing rule of any type by id, with its tag edit', () => {
    const rules = [
      rule(9, { type: 'keyword', keywords: ['退款'] }, { addTagIds: [], removeTagIds: ['etHappy'] }),
      rule(3, { type: 'intent', intents: ['return_exchange'] }, { addTagIds: ['etAfterSales'], removeTagIds: ['etHappy'] }),
      rule(5, { type: 'channel', states: ['ch-expo'] }),
      rule(4, { type: 'intent', intents: ['complaint'] }),
    ];
    expect(planTagRules(rules, { intent: 'return_exchange', text: '我要退款', channelState: 'ch-expo' })).toEqual([
      { ruleId: 3, add: ['etAfterSales'], remove: ['etHappy'] },
      { ruleId: 5, add: ['etAdd5'], remove: [] },
      { ruleId: 9, add: [], remove: ['etHappy'] },
    ]);
  });

  it('should hand out copies, so changing the plan does not change the rules', () => {
    const rules = [rule(1, { type: 'intent', intents: ['referral'] })];
    planTagRules(rules, { intent: 'referral' })[0]!.add.push('etOther');
    expect(rules[0]!.addTagIds).toEqual(['etAdd1']);
  });
});

describe('parseTrigger()', () => {
  const triggers: TagRuleTrigger[] = [
    { type: 'intent', intents: ['referral'] },
    { type: 'keyword', keywords: ['vip'] },
    { type: 'channel', states: ['ch-expo'] },
    { type: 'spend', atLeast: 500 },
    { type: 'stage', stages: ['declining'] },
  ];

  it.each(triggers)('should rebuild a $type trigger from its type and triggerParams()', (trigger) => {
    const params = triggerParams(trigger);
    expect(params).not.toHaveProperty('type');
    expect(parseTrigger(trigger.type, JSON.parse(JSON.stringify(params)))).toEqual(trigger);
  });

  it.each<[string, string, unknown]>([
    ['an unknown type', 'weather', { intents: ['referral'] }],
    ['parameters that are not an object', 'intent', null],
    ['a list that holds a non-string', 'keyword', { keywords: ['ok', 3] }],
    ['a missing list', 'stage', {}],
    ['a threshold that is not a number', 'spend', { atLeast: '500' }],
  ])('should answer null for %s', (_case, type, params) => {
    expect(parseTrigger(type, params)).toBeNull();
  });
});
