import { describe, expect, it } from 'vitest';
import {
  chooseJoinWayChats,
  dailyCodeStats,
  groupCodeState,
  QR_JOIN_LIMIT,
  reconcileCodeJoins,
  sameChatList,
  totalCodeStats,
  type GroupFill,
} from '../../../../src/domain/group-code/group-code.ts';

const fill = (chatId: string, members: number, dismissed = false): GroupFill => ({ chatId, members, dismissed });
const CHATS = ['wrA', 'wrB', 'wrC'];

describe('chooseJoinWayChats()', () => {
  it('should list every group below the cap in the code order when none is full', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 3), fill('wrB', 0), fill('wrC', 9)], 10)).toEqual({ chatIds: ['wrA', 'wrB', 'wrC'], allFull: false });
  });

  it('should keep a group listed when it is one below the cap', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 9)], 10).chatIds[0]).toBe('wrA');
  });

  it('should roll over to the next group when a group is exactly at the cap', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 10), fill('wrB', 4)], 10)).toEqual({ chatIds: ['wrB', 'wrC'], allFull: false });
  });

  it('should treat a group above the cap (joins raced the update) as full', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 12)], 10).chatIds).toEqual(['wrB', 'wrC']);
  });

  it('should bring a full group back in its place when a member leaves and frees a slot', () => {
    const full = chooseJoinWayChats(CHATS, [fill('wrA', 10), fill('wrB', 2)], 10);
    const afterLeave = chooseJoinWayChats(CHATS, [fill('wrA', 9), fill('wrB', 2)], 10);
    expect(full.chatIds).toEqual(['wrB', 'wrC']);
    expect(afterLeave.chatIds).toEqual(['wrA', 'wrB', 'wrC']);
  });

  it('should skip a dismissed group even when it has room', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 0, true), fill('wrB', 1)], 10).chatIds).toEqual(['wrB', 'wrC']);
  });

  it('should report allFull and keep the last live group listed when every group is at the cap', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 10), fill('wrB', 10), fill('wrC', 10)], 10)).toEqual({ chatIds: ['wrC'], allFull: true });
  });

  it('should keep the last group that is not dismissed when all are full', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', 10), fill('wrB', 10), fill('wrC', 0, true)], 10)).toEqual({ chatIds: ['wrB'], allFull: true });
  });

  it('should list nothing when every group is dismissed', () => {
    expect(chooseJoinWayChats(CHATS, CHATS.map((c) => fill(c, 0, true)), 10)).toEqual({ chatIds: [], allFull: true });
  });

  it('should list at most five groups', () => {
    const chats = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    expect(chooseJoinWayChats(chats, [fill('c1', 5)], 5).chatIds).toEqual(['c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('should apply WeCom QR limit of 200 when the admin cap is higher', () => {
    expect(chooseJoinWayChats(CHATS, [fill('wrA', QR_JOIN_LIMIT)], 500).chatIds).toEqual(['wrB', 'wrC']);
    expect(chooseJoinWayChats(CHATS, [fill('wrA', QR_JOIN_LIMIT - 1)], 500).chatIds[0]).toBe('wrA');
  });

  it('should count a group never counted yet as empty', () => {
    expect(chooseJoinWayChats(CHATS, [], 1).chatIds).toEqual(CHATS);
  });
});

describe('sameChatList()', () => {
  it('should tell an order change apart, since WeCom fills in list order', () => {
    expect(sameChatList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameChatList(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameChatList(['a'], ['a', 'b'])).toBe(false);
  });
});

describe('groupCodeState()', () => {
  it('should stay within WeCom 30-character state limit', () => {
    expect(groupCodeState('x'.repeat(40))).toHaveLength(30);
    expect(groupCodeState('abc')).toBe('gc-abc');
  });
});

describe('reconcileCodeJoins()', () => {
  const members = [
    { userId: 'wmOwner', joinTime: 100 },
    { userId: 'wmViaCode', joinTime: 200, state: 'gc-1' },
    { userId: 'wmOtherCode', joinTime: 210, state: 'gc-2' },
  ];

  it('should record members who joined with the code state and no one else', () => {
    expect(reconcileCodeJoins('gc-1', 'wrA', members, [], 300)).toEqual({ joined: [{ chatId: 'wrA', memberId: 'wmViaCode', joinedAt: 200 }], left: [] });
  });

  it('should record nothing again for a member already recorded (a replayed callback)', () => {
    expect(reconcileCodeJoins('gc-1', 'wrA', members, [{ chatId: 'wrA', memberId: 'wmViaCode', joinedAt: 200 }], 300)).toEqual({ joined: [], left: [] });
  });

  it('should close the join of a recorded member who is gone, at the given time', () => {
    const open = [{ chatId: 'wrA', memberId: 'wmGone', joinedAt: 150 }];
    expect(reconcileCodeJoins('gc-1', 'wrA', members, open, 300).left).toEqual([{ chatId: 'wrA', memberId: 'wmGone', joinedAt: 150, leftAt: 300 }]);
  });

  it('should close the old join and open a new one for a member who left and came back', () => {
    const open = [{ chatId: 'wrA', memberId: 'wmViaCode', joinedAt: 120 }];
    const result = reconcileCodeJoins('gc-1', 'wrA', members, open, 300);
    expect(result.left).toEqual([{ chatId: 'wrA', memberId: 'wmViaCode', joinedAt: 120, leftAt: 300 }]);
    expect(result.joined).toEqual([{ chatId: 'wrA', memberId: 'wmViaCode', joinedAt: 200 }]);
  });
});

describe('dailyCodeStats()', () => {
  // Days are whole 100-second blocks here, so the arithmetic stays visible.
  const dayOf = (t: number) => `d${Math.floor(t / 100)}`;

  it('should count joins on their day and leaves on theirs, with net per day', () => {
    const days = dailyCodeStats(
      [
        { chatId: 'wrA', memberId: 'm1', joinedAt: 10 },
        { chatId: 'wrA', memberId: 'm2', joinedAt: 20, leftAt: 150 },
        { chatId: 'wrB', memberId: 'm3', joinedAt: 110, leftAt: 120 },
      ],
      ['d0', 'd1'],
      dayOf,
    );
    expect(days).toEqual([
      { date: 'd0', joins: 2, leaves: 0, net: 2 },
      { date: 'd1', joins: 1, leaves: 2, net: -1 },
    ]);
    expect(totalCodeStats(days)).toEqual({ joins: 3, leaves: 2, net: 1 });
  });

  it('should leave out events outside the requested days', () => {
    expect(dailyCodeStats([{ chatId: 'wrA', memberId: 'm1', joinedAt: 10, leftAt: 990 }], ['d5'], dayOf)).toEqual([{ date: 'd5', joins: 0, leaves: 0, net: 0 }]);
  });
});
