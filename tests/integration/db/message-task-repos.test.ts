/** SqlMessageStore and PrismaSalesTaskStore against real SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlMessageStore } from '../../../src/db/message-repo.ts';
import { PrismaSalesTaskStore } from '../../../src/db/sales-task-repo.ts';
import type { NewChatMessage } from '../../../src/domain/messages/chat-message.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const message = (id: string, overrides: Partial<NewChatMessage> = {}): NewChatMessage => ({
  source: 'archive', sourceMessageId: id, externalUserId: 'wmRepo000001', userId: 'sales.li', direction: 'in', msgType: 'text', text: `文本${id}`, sentAt: 100, ...overrides,
});

describe.each(PROVIDERS)('message and task stores (%s)', (provider) => {
  let database: TestDatabase;
  let messages: SqlMessageStore;
  let tasks: PrismaSalesTaskStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    messages = new SqlMessageStore(database.connection.sql);
    tasks = new PrismaSalesTaskStore(database.db, database.connection.sql);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should store messages once, read them back, and list the unclassified inbound texts', async () => {
    expect(await messages.addMany([message('m1'), message('m2', { sentAt: 200 }), message('m1'), message('o1', { direction: 'out' })])).toEqual(['archive-m1', 'archive-m2', 'archive-o1']);
    expect(await messages.addMany([message('m2'), message('m3', { source: 'kf', chatId: 'wrRoom' })])).toEqual(['kf-m3']);

    const m2 = await messages.getByKey('archive-m2');
    expect(m2).toMatchObject({ key: 'archive-m2', sourceMessageId: 'm2', externalUserId: 'wmRepo000001', direction: 'in', sentAt: 200, text: '文本m2' });
    expect(m2?.classification).toBeUndefined();
    await messages.saveClassification(m2!.id, { intent: 'logistics', confidence: 0.91, evidence: ['快递'], scene: 'delivery_followup', classifiedAt: 300 });
    expect((await messages.getByKey('archive-m2'))?.classification).toEqual({ intent: 'logistics', confidence: 0.91, evidence: ['快递'], scene: 'delivery_followup', classifiedAt: 300 });

    expect((await messages.recentFor('wmRepo000001', 2)).map((m) => m.key)).toEqual(['archive-m2', 'kf-m3']);
    expect(await messages.unclassifiedKeys(new Date(Date.now() + 60_000), 10)).toEqual(['archive-m1', 'kf-m3']);
    expect(await messages.unclassifiedKeys(new Date(Date.now() - 60_000), 10)).toEqual([]);
  });

  it('should keep one open task per salesperson, customer and scene, and allow a new one once it is closed', async () => {
    const task = { userId: 'sales.li', externalUserId: 'wmRepo000001', scene: 'cycle_ending', title: '周期将尽', priority: 'normal', dueAt: 500, createdAt: 100 };
    const first = await tasks.open(task);
    const again = await tasks.open({ ...task, title: 'other' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ task: first.task, created: false });
    await tasks.open({ ...task, scene: 'ready_to_buy', dueAt: 400 });

    expect(await tasks.close(first.task.id, 'done', 'sales.li', 600)).toMatchObject({ status: 'done', closedBy: 'sales.li', closedAt: 600 });
    expect(await tasks.close(first.task.id, 'dismissed', 'sales.li', 700)).toBeNull();
    expect((await tasks.open(task)).created).toBe(true);

    const listed = await tasks.list({ userId: 'sales.li', limit: 10 });
    expect(listed.map((t) => [t.scene, t.status])).toEqual([['ready_to_buy', 'open'], ['cycle_ending', 'open'], ['cycle_ending', 'done']]);
  });

  it('should open one task however many callers race for it, with its optional fields', async () => {
    const task = {
      userId: 'sales.wang', externalUserId: 'wmRepo000002', scene: 'ready_to_buy', title: '想买', priority: 'high',
      suggestedReply: '现在下单有礼', scriptId: 7, messageId: 42, dueAt: 900, createdAt: 800,
    };
    const results = await Promise.all(Array.from({ length: 8 }, () => tasks.open(task)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.task.id)).size).toBe(1);
    expect(results[0]!.task).toEqual({ ...task, id: results[0]!.task.id, status: 'open' });
    expect(await tasks.get(results[0]!.task.id)).toEqual(results[0]!.task);
  });
});
