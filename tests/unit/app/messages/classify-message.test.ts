import { describe, expect, it } from 'vitest';
import { classifyMessage, type ClassifyDeps } from '../../../../src/app/classify-message.ts';
import type { NewChatMessage } from '../../../../src/domain/messages/chat-message.ts';
import { fixedClock } from '../../../../src/shared/clock.ts';
import { NotFoundError } from '../../../../src/shared/errors.ts';
import { InMemoryMessageStore, InMemorySalesTaskStore } from '../../../helpers/message-fakes.ts';

const NOW = new Date('2026-11-28T08:00:00Z');
const CUSTOMER = 'wmClassify0001';

const text = (sourceMessageId: string, body: string, overrides: Partial<NewChatMessage> = {}): NewChatMessage => ({
  source: 'archive',
  sourceMessageId,
  externalUserId: CUSTOMER,
  userId: 'sales.li',
  direction: 'in',
  msgType: 'text',
  text: body,
  sentAt: 1_700_000_000,
  ...overrides,
});

async function world(messages: NewChatMessage[], overrides: Partial<ClassifyDeps> = {}) {
  const store = new InMemoryMessageStore();
  await store.addMany(messages);
  const tasks = new InMemorySalesTaskStore();
  const ruleCalls: unknown[] = [];
  const deps: ClassifyDeps = {
    messages: store,
    tasks,
    roster: { activeFollowersOf: async (id) => (id === CUSTOMER ? ['sales.wang', 'sales.li'] : []) },
    clock: fixedClock(NOW),
    applyRules: async (input) => void ruleCalls.push(input),
    suggestReply: async ({ scene }) => (scene === 'cycle_ending' ? { scriptId: 9, text: '老客复购组合装今天有优惠' } : undefined),
    ...overrides,
  };
  return { store, tasks, ruleCalls, deps };
}

describe('classifyMessage()', () => {
  it('should store the intent and scene, apply rules for the serving salesperson and open one task per scene', async () => {
    const { store, tasks, ruleCalls, deps } = await world([text('m1', '燕窝快吃完了，再寄两盒'), text('m2', '胶原蛋白也只剩两瓶了')]);

    expect(await classifyMessage(deps, 'archive-m1')).toBe('classified');
    expect(await classifyMessage(deps, 'archive-m2')).toBe('classified');

    expect((await store.getByKey('archive-m1'))?.classification).toMatchObject({ intent: 'repurchase_signal', scene: 'cycle_ending', classifiedAt: NOW.getTime() / 1000 });
    expect(ruleCalls).toEqual([
      { userId: 'sales.li', externalUserId: CUSTOMER, facts: { intent: 'repurchase_signal', text: '燕窝快吃完了，再寄两盒' }, operationId: 'archive-m1' },
      { userId: 'sales.li', externalUserId: CUSTOMER, facts: { intent: 'repurchase_signal', text: '胶原蛋白也只剩两瓶了' }, operationId: 'archive-m2' },
    ]);
    expect(tasks.rows).toHaveLength(1);
    expect(tasks.rows[0]).toMatchObject({ userId: 'sales.li', scene: 'cycle_ending', status: 'open', suggestedReply: '老客复购组合装今天有优惠', scriptId: 9, messageId: 1 });
    expect(tasks.rows[0]!.dueAt).toBeGreaterThan(NOW.getTime() / 1000);
  });

  it('should do nothing the second time, so a retried job has one effect', async () => {
    const { tasks, ruleCalls, deps } = await world([text('m1', '我投诉，收到的盒子是破的')]);
    await classifyMessage(deps, 'archive-m1');
    expect(await classifyMessage(deps, 'archive-m1')).toBe('already_classified');
    expect(ruleCalls).toHaveLength(1);
    expect(tasks.rows.map((t) => t.scene)).toEqual(['urgent_complaint']);
  });

  it('should give the task to the most recent follower when the message names no serving salesperson', async () => {
    const { tasks, deps } = await world([text('k1', '你好，这个多少钱一盒', { source: 'kf', userId: 'wkKfAccount' })]);
    await classifyMessage(deps, 'kf-k1');
    expect(tasks.rows.map((t) => [t.userId, t.scene])).toEqual([['sales.wang', 'price_hesitation']]);
  });

  it('should classify but neither tag nor task for a customer nobody serves', async () => {
    const { store, tasks, ruleCalls, deps } = await world([text('m1', '快递到哪了', { externalUserId: 'wmStranger01' })]);
    await classifyMessage(deps, 'archive-m1');
    expect((await store.getByKey('archive-m1'))?.classification?.intent).toBe('logistics');
    expect(ruleCalls).toEqual([]);
    expect(tasks.rows).toEqual([]);
  });

  it('should leave outbound and non-text messages unclassified and refuse unknown keys', async () => {
    const { store, deps } = await world([text('o1', '您好', { direction: 'out' }), text('i1', '', { msgType: 'image', text: undefined })]);
    expect(await classifyMessage(deps, 'archive-o1')).toBe('not_classifiable');
    expect(await classifyMessage(deps, 'archive-i1')).toBe('not_classifiable');
    expect((await store.getByKey('archive-o1'))?.classification).toBeUndefined();
    await expect(classifyMessage(deps, 'archive-none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('should ask the second opinion only below its threshold and keep the local verdict when it has no answer', async () => {
    const asked: string[] = [];
    const secondOpinion = { below: 2, classify: async (t: string) => (asked.push(t), t.includes('嗯') ? null : { intent: 'referral' as const, confidence: 0.8 }) };
    const { store, deps } = await world([text('m1', '同事问我这是什么牌子'), text('m2', '嗯嗯')], { secondOpinion });
    await classifyMessage(deps, 'archive-m1');
    await classifyMessage(deps, 'archive-m2');
    expect(asked).toEqual(['同事问我这是什么牌子', '嗯嗯']);
    expect((await store.getByKey('archive-m1'))?.classification).toMatchObject({ intent: 'referral', confidence: 0.8 });
    expect((await store.getByKey('archive-m2'))?.classification?.intent).toBe('other');

    const sure = await world([text('m3', '同事问我这是什么牌子')], { secondOpinion: { below: 0, classify: async () => { throw new Error('must not be asked'); } } });
    await classifyMessage(sure.deps, 'archive-m3');
    expect((await sure.store.getByKey('archive-m3'))?.classification?.intent).toBe('referral');
  });
});
