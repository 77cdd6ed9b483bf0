/**
 * followUpChannelAdd() with small in-memory ports: which adds get the channel's remark and
 * a re-route, and that a replay, a half-add, a stale add or a failed call never produce a
 * second remark or lose the first.
 */
import { describe, expect, it } from 'vitest';
import { followUpChannelAdd, type ChannelAddDeps } from '../../../src/app/channel-add.ts';
import type { Channel } from '../../../src/domain/contact/channel.ts';
import type { RelationState } from '../../../src/domain/contact/contact.ts';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../helpers/fakes.ts';

/** 2024-06-07 23:59:30 in Shanghai: the remark's date is the Shanghai date of the add. */
const ADDED_AT = Date.parse('2024-06-07T23:59:30+08:00') / 1000;
const FIXTURE_CHANNEL: Channel = {
  id: 7,
  name: '直播间',
  state: 'ch-live',
  userIds: ['sales.li'],
  activeUserIds: ['sales.li'],
  tagIds: [],
  remarkTemplate: '{channel}-{customer}',
  descriptionTemplate: '{date} {salesperson}',
  dailyAddCap: 5,
};
const EVENT: ContactChangedEvent = { type: 'contact_changed', corpId: 'ww1', createTime: ADDED_AT, change: 'add_external_contact', userId: 'sales.li', externalUserId: 'wmA', state: 'ch-live' };

function world(relation: RelationState | null = { status: 'active', statusChangedAt: ADDED_AT }, channel: Channel = FIXTURE_CHANNEL) {
  const claimed = new Set<string>();
  const remarks: unknown[] = [];
  const refreshed: number[] = [];
  const state = { failRemark: false, failRefresh: false };
  const deps: ChannelAddDeps = {
    channels: { byState: async (s) => (s === channel.state ? channel : null) },
    contacts: { getRelation: async () => relation },
    names: { nameOf: async (id) => (id === 'wmA' ? '王先生' : undefined) },
    remarks: {
      setRemark: async (input) => {
        if (state.failRemark) throw new Error('wecom busy');
        remarks.push(input);
      },
    },
    claims: {
      claim: async (key) => !claimed.has(key) && Boolean(claimed.add(key)),
      release: async (key) => void claimed.delete(key),
    },
    clock: fixedClock(new Date(ADDED_AT * 1000)),
    logger: silentLogger(),
    refreshChannel: async (id) => {
      if (state.failRefresh) throw new Error('wecom down');
      refreshed.push(id);
    },
  };
  return { deps, remarks, refreshed, state };
}

describe('followUpChannelAdd()', () => {
  it('should re-route the capped channel and send the rendered remark once, however often the event is handled', async () => {
    const { deps, remarks, refreshed } = world();
    expect(await followUpChannelAdd(deps, EVENT)).toBe('done');
    expect(await followUpChannelAdd(deps, EVENT)).toBe('done');
    expect(remarks).toEqual([{ userId: 'sales.li', externalUserId: 'wmA', remark: '直播间-王先生', description: '2024-06-07 sales.li' }]);
    expect(refreshed).toEqual([7, 7]);
  });

  it('should give the claim back when WeCom fails, so the retry sends the remark', async () => {
    const { deps, remarks, state } = world();
    state.failRemark = true;
    await expect(followUpChannelAdd(deps, EVENT)).rejects.toThrow('wecom busy');
    state.failRemark = false;
    await followUpChannelAdd(deps, EVENT);
    expect(remarks).toHaveLength(1);
  });

  it('should still remark when the re-route fails (the minute job catches up)', async () => {
    const { deps, remarks, state } = world();
    state.failRefresh = true;
    await followUpChannelAdd(deps, EVENT);
    expect(remarks).toHaveLength(1);
  });

  it.each([
    ['a half-add still pending', { status: 'pending', statusChangedAt: ADDED_AT } as RelationState, EVENT],
    ['a stale add after a later removal', { status: 'removed_by_customer', statusChangedAt: ADDED_AT + 60 } as RelationState, EVENT],
    ['an add without a state', { status: 'active', statusChangedAt: ADDED_AT } as RelationState, { ...EVENT, state: undefined }],
    ['an unknown state', { status: 'active', statusChangedAt: ADDED_AT } as RelationState, { ...EVENT, state: 'ch-gone' }],
    ['a removal', { status: 'removed_by_staff', statusChangedAt: ADDED_AT } as RelationState, { ...EVENT, change: 'del_external_contact' as const }],
  ])('should do nothing for %s', async (_name, relation, event) => {
    const { deps, remarks, refreshed } = world(relation);
    expect(await followUpChannelAdd(deps, event)).toBe('not_a_channel_add');
    expect([remarks, refreshed]).toEqual([[], []]);
  });

  it('should not re-route a channel without a daily cap, nor remark without templates', async () => {
    const { deps, remarks, refreshed } = world(undefined, { ...FIXTURE_CHANNEL, dailyAddCap: undefined, remarkTemplate: undefined, descriptionTemplate: undefined });
    expect(await followUpChannelAdd(deps, EVENT)).toBe('done');
    expect([remarks, refreshed]).toEqual([[], []]);
  });
});
