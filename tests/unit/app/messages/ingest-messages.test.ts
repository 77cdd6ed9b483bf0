import { describe, expect, it } from 'vitest';
import { ingestMessages, requeueUnclassified, syncKfMessages } from '../../../../src/app/ingest-messages.ts';
import type { NewChatMessage } from '../../../../src/domain/messages/chat-message.ts';
import type { KfMessageFeed } from '../../../../src/domain/ports.ts';
import { InMemoryEventQueue } from '../../../helpers/fakes.ts';
import { InMemoryMessageStore } from '../../../helpers/message-fakes.ts';

const kf = (id: string, overrides: Partial<NewChatMessage> = {}): NewChatMessage => ({
  source: 'kf', sourceMessageId: id, externalUserId: 'wmKf0000001', userId: 'wkAccount', direction: 'in', msgType: 'text', text: `消息${id}`, sentAt: 1, ...overrides,
});

function world() {
  const messages = new InMemoryMessageStore();
  const classifyQueue = new InMemoryEventQueue();
  return { messages, classifyQueue, deps: { messages, classifyQueue } };
}

describe('ingestMessages()', () => {
  it('should store each message once and queue only new inbound texts', async () => {
    const { classifyQueue, deps } = world();
    expect(await ingestMessages(deps, [kf('a'), kf('b', { direction: 'out' }), kf('c', { msgType: 'image', text: undefined }), kf('a')])).toEqual({ accepted: 3, duplicates: 1 });
    expect(await ingestMessages(deps, [kf('a'), kf('d')])).toEqual({ accepted: 1, duplicates: 1 });
    expect(classifyQueue.enqueued).toEqual(['kf-a', 'kf-d']);
  });
});

describe('syncKfMessages()', () => {
  function feed(pages: Record<string, { messages: NewChatMessage[]; nextCursor: string; hasMore: boolean }>, calls: (string | undefined)[]): KfMessageFeed {
    return {
      page: async ({ cursor }) => {
        calls.push(cursor);
        const page = pages[cursor ?? ''];
        if (!page) throw new Error(`no page for cursor ${cursor}`);
        return page;
      },
    };
  }

  it('should pull every page from the stored cursor and keep the last cursor for the next event', async () => {
    const { messages, deps } = world();
    const cursors = new Map<string, string>();
    const cursorStore = { get: async (id: string) => cursors.get(id), set: async (id: string, c: string) => void cursors.set(id, c) };
    const calls: (string | undefined)[] = [];
    const pages = {
      '': { messages: [kf('1'), kf('2')], nextCursor: 'c1', hasMore: true },
      c1: { messages: [kf('3')], nextCursor: 'c2', hasMore: false },
      c2: { messages: [], nextCursor: 'c2', hasMore: false },
    };

    expect(await syncKfMessages({ ...deps, feed: feed(pages, calls), cursors: cursorStore }, { openKfId: 'wkAccount', token: 'T' })).toEqual({ accepted: 3, duplicates: 0 });
    expect(await syncKfMessages({ ...deps, feed: feed(pages, calls), cursors: cursorStore }, { openKfId: 'wkAccount', token: 'T2' })).toEqual({ accepted: 0, duplicates: 0 });

    expect(calls).toEqual([undefined, 'c1', 'c2']);
    expect(cursors.get('wkAccount')).toBe('c2');
    expect(messages.rows.map((r) => r.key)).toEqual(['kf-1', 'kf-2', 'kf-3']);
  });
});

describe('requeueUnclassified()', () => {
  it('should queue stored inbound texts that were never classified', async () => {
    const { messages, classifyQueue, deps } = world();
    await messages.addMany([kf('x'), kf('y', { direction: 'out' })]);
    expect(await requeueUnclassified(deps, new Date(1_000))).toBe(1);
    expect(classifyQueue.enqueued).toEqual(['kf-x']);
  });
});
