import { describe, expect, it } from 'vitest';
import { createChannel, type ChannelDeps } from '../../../../src/app/admin/channels.ts';
import type { Channel } from '../../../../src/domain/contact/channel.ts';
import type { WelcomeFlow } from '../../../../src/domain/welcome/welcome-flow.ts';
import { ValidationError } from '../../../../src/shared/errors.ts';

const KNOWN_TAGS = ['etTag'];

function world(options: { failWecom?: boolean } = {}) {
  const stored: Channel[] = [];
  const wecomCalls: unknown[] = [];
  const flow: WelcomeFlow = { id: 3, name: 'expo', text: 'hi', attachments: [], variants: [], userIds: [], isDefault: false, enabled: true };
  const deps: ChannelDeps = {
    channels: {
      byState: async (state) => stored.find((c) => c.state === state) ?? null,
      list: async () => stored,
      create: async (channel) => {
        const created = { ...channel, id: stored.length + 1 };
        stored.push(created);
        return created;
      },
    },
    contactWays: {
      create: async (input) => {
        wecomCalls.push(input);
        if (options.failWecom) throw new Error('wecom down');
        return { configId: 'cfg-1', qrCode: 'https://wework.qpic.cn/qr.png' };
      },
    },
    welcomeFlows: { list: async () => [flow], get: async (id) => (id === 3 ? flow : null), create: async () => flow, update: async () => null, remove: async () => false },
    corpTags: {
      replaceAll: async () => {},
      upsertGroup: async () => {},
      listGroups: async () => [],
      unknownTagIds: async (ids) => ids.filter((id) => !KNOWN_TAGS.includes(id)),
    },
    randomId: () => 'abc123',
  };
  return { deps, stored, wecomCalls };
}

describe('createChannel()', () => {
  it('should create the contact way with the channel state, then store the channel with its QR code', async () => {
    const { deps, stored, wecomCalls } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li', 'sales.wang'], tagIds: ['etTag'], welcomeFlowId: 3 });
    expect(wecomCalls).toEqual([{ state: 'ch-abc123', userIds: ['sales.li', 'sales.wang'], remark: '展会' }]);
    expect(channel).toMatchObject({ id: 1, state: 'ch-abc123', configId: 'cfg-1', qrCode: 'https://wework.qpic.cn/qr.png', tagIds: ['etTag'] });
    expect(stored).toHaveLength(1);
  });

  it.each([
    ['no salespeople', { name: 'x', userIds: [], tagIds: [] }, 'userIds'],
    ['an unknown welcome flow', { name: 'x', userIds: ['sales.li'], tagIds: [], welcomeFlowId: 99 }, 'welcomeFlowId'],
    ['a tag that is not a synced corp tag', { name: 'x', userIds: ['sales.li'], tagIds: ['etTag', 'etGone'] }, 'etGone'],
  ])('should refuse %s before calling WeCom', async (_name, input, field) => {
    const { deps, stored, wecomCalls } = world();
    const error = await createChannel(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(field);
    expect(wecomCalls).toEqual([]);
    expect(stored).toEqual([]);
  });

  it('should store nothing when WeCom fails', async () => {
    const { deps, stored } = world({ failWecom: true });
    await expect(createChannel(deps, { name: 'x', userIds: ['sales.li'], tagIds: [] })).rejects.toThrow('wecom down');
    expect(stored).toEqual([]);
  });
});
