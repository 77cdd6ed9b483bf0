import { describe, expect, it } from 'vitest';
import { recordGroupChange } from '../../../src/app/record-group-change.ts';
import type { ChatChangedEvent } from '../../../src/domain/events.ts';
import type { GroupHistory } from '../../../src/domain/ports.ts';

const event = (overrides: Partial<ChatChangedEvent>): ChatChangedEvent => ({
  type: 'chat_changed', corpId: 'ww1', createTime: 1_700_000_000, change: 'update', chatId: 'wrG1', memChangeList: [], ...overrides,
});

describe('recordGroupChange()', () => {
  it('should record joins and leaves with their count and members, and nothing for other changes', async () => {
    const recorded: Parameters<GroupHistory['record']>[0][] = [];
    const deps = { groups: { record: async (c: Parameters<GroupHistory['record']>[0]) => void recorded.push(c), counts: async () => ({ joined: 0, left: 0 }) } };
    await recordGroupChange(deps, event({ updateDetail: 'add_member', memChangeCnt: 2, memChangeList: ['wm1', 'wm2'] }), 'k1');
    await recordGroupChange(deps, event({ updateDetail: 'del_member' }), 'k2');
    await recordGroupChange(deps, event({ updateDetail: 'change_name' }), 'k3');
    await recordGroupChange(deps, event({ change: 'dismiss' }), 'k4');
    expect(recorded).toEqual([
      { dedupeKey: 'k1', chatId: 'wrG1', kind: 'join', count: 2, memberIds: ['wm1', 'wm2'], at: 1_700_000_000 },
      { dedupeKey: 'k2', chatId: 'wrG1', kind: 'leave', count: 1, memberIds: [], at: 1_700_000_000 },
    ]);
  });
});
