import { describe, expect, it } from 'vitest';
import { createChannel, deleteChannel, rebalanceChannels, updateChannel, type ChannelDeps } from '../../../../src/app/admin/channels.ts';
import { CUSTOMER_CAP } from '../../../../src/domain/contact/channel.ts';
import type { WelcomeFlow } from '../../../../src/domain/welcome/welcome-flow.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';
import { InMemoryChannelRepo, RecordingContactWays } from '../../../helpers/admin-fakes.ts';

const KNOWN_TAGS = ['etTag'];

function world() {
  const channels = new InMemoryChannelRepo();
  const contactWays = new RecordingContactWays();
  const loads = new Map<string, number>();
  const flow: WelcomeFlow = { id: 3, name: 'expo', text: 'hi', attachments: [], variants: [], userIds: [], isDefault: false, enabled: true };
  const deps: ChannelDeps = {
    channels,
    contactWays,
    welcomeFlows: { list: async () => [flow], get: async (id) => (id === 3 ? flow : null), create: async () => flow, update: async () => null, remove: async () => false },
    corpTags: {
      replaceAll: async () => {},
      upsertGroup: async () => {},
      listGroups: async () => [],
      unknownTagIds: async (ids) => ids.filter((id) => !KNOWN_TAGS.includes(id)),
    },
    loads: { customerCounts: async (userIds) => new Map([...loads].filter(([userId]) => userIds.includes(userId))) },
    randomId: () => 'abc123',
  };
  return { deps, channels, contactWays, loads };
}

describe('createChannel()', () => {
  it('should create the contact way with the channel state, then store the channel with its QR code', async () => {
    const { deps, channels, contactWays } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li', 'sales.wang'], tagIds: ['etTag'], welcomeFlowId: 3 });
    expect(contactWays.calls).toEqual([{ op: 'create', input: { state: 'ch-abc123', userIds: ['sales.li', 'sales.wang'], remark: '展会' } }]);
    expect(channel).toMatchObject({ id: 1, state: 'ch-abc123', configId: 'cfg-1', qrCode: 'https://wework.qpic.cn/qr.png', tagIds: ['etTag'], activeUserIds: ['sales.li', 'sales.wang'] });
    expect(channels.rows).toHaveLength(1);
  });

  it('should leave a salesperson at the customer cap off the new QR code', async () => {
    const { deps, contactWays, loads } = world();
    loads.set('sales.li', CUSTOMER_CAP);
    loads.set('sales.wang', CUSTOMER_CAP - 1);
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li', 'sales.wang'], tagIds: [] });
    expect(channel.activeUserIds).toEqual(['sales.wang']);
    expect(contactWays.calls[0]?.input).toMatchObject({ userIds: ['sales.wang'] });
  });

  it.each([
    ['no salespeople', { name: 'x', userIds: [], tagIds: [] }, 'userIds'],
    ['an unknown welcome flow', { name: 'x', userIds: ['sales.li'], tagIds: [], welcomeFlowId: 99 }, 'welcomeFlowId'],
    ['a tag that is not a synced corp tag', { name: 'x', userIds: ['sales.li'], tagIds: ['etTag', 'etGone'] }, 'etGone'],
  ])('should refuse %s before calling WeCom', async (_name, input, field) => {
    const { deps, channels, contactWays } = world();
    const error = await createChannel(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(field);
    expect(contactWays.calls).toEqual([]);
    expect(channels.rows).toEqual([]);
  });

  it('should store nothing when WeCom fails', async () => {
    const { deps, channels, contactWays } = world();
    contactWays.fail = true;
    await expect(createChannel(deps, { name: 'x', userIds: ['sales.li'], tagIds: [] })).rejects.toThrow('wecom down');
    expect(channels.rows).toEqual([]);
  });
});

describe('updateChannel() and deleteChannel()', () => {
  it('should send new salespeople to WeCom and keep the QR code, but not call WeCom for a tag-only change', async () => {
    const { deps, contactWays } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li'], tagIds: [] });

    const updated = await updateChannel(deps, channel.id, { userIds: ['sales.li', 'sales.zhao'], welcomeFlowId: 3 });
    await updateChannel(deps, channel.id, { tagIds: ['etTag'] });

    expect(updated).toMatchObject({ userIds: ['sales.li', 'sales.zhao'], activeUserIds: ['sales.li', 'sales.zhao'], welcomeFlowId: 3, qrCode: channel.qrCode });
    expect(contactWays.calls.slice(1)).toEqual([{ op: 'update', input: { configId: 'cfg-1', userIds: ['sales.li', 'sales.zhao'], remark: '展会' } }]);
    expect((await updateChannel(deps, channel.id, { welcomeFlowId: null })).welcomeFlowId).toBeUndefined();
  });

  it('should refuse bad changes and unknown channels without calling WeCom', async () => {
    const { deps, contactWays } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li'], tagIds: [] });
    await expect(updateChannel(deps, channel.id, { userIds: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateChannel(deps, channel.id, { tagIds: ['etGone'] })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateChannel(deps, 99, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteChannel(deps, 99)).rejects.toBeInstanceOf(NotFoundError);
    expect(contactWays.calls).toHaveLength(1);
  });

  it('should delete the contact way in WeCom, then the channel; a WeCom failure keeps the channel', async () => {
    const { deps, channels, contactWays } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li'], tagIds: [] });
    contactWays.fail = true;
    await expect(deleteChannel(deps, channel.id)).rejects.toThrow('wecom down');
    expect(channels.rows).toHaveLength(1);
    contactWays.fail = false;
    await deleteChannel(deps, channel.id);
    expect(contactWays.calls.at(-1)).toEqual({ op: 'remove', input: 'cfg-1' });
    expect(channels.rows).toEqual([]);
  });
});

describe('rebalanceChannels()', () => {
  it('should rotate a salesperson off at the cap and back on below it, touching only channels that change', async () => {
    const { deps, contactWays, loads } = world();
    const busy = await createChannel(deps, { name: 'A', userIds: ['sales.li', 'sales.wang'], tagIds: [] });
    await createChannel(deps, { name: 'B', userIds: ['sales.wang'], tagIds: [] });
    loads.set('sales.li', CUSTOMER_CAP);

    expect(await rebalanceChannels(deps)).toEqual({ changed: [busy.id], full: [] });
    expect(contactWays.calls.at(-1)).toEqual({ op: 'update', input: { configId: busy.configId, userIds: ['sales.wang'], remark: 'A' } });
    expect(await rebalanceChannels(deps)).toEqual({ changed: [], full: [] });

    loads.set('sales.li', CUSTOMER_CAP - 10);
    expect(await rebalanceChannels(deps)).toEqual({ changed: [busy.id], full: [] });
    expect(contactWays.calls.at(-1)?.input).toMatchObject({ userIds: ['sales.li', 'sales.wang'] });
  });

  it('should keep the least loaded salesperson and report the channel full when everyone is at the cap', async () => {
    const { deps, loads } = world();
    const channel = await createChannel(deps, { name: 'A', userIds: ['sales.li', 'sales.wang'], tagIds: [] });
    loads.set('sales.li', CUSTOMER_CAP + 3);
    loads.set('sales.wang', CUSTOMER_CAP);
    expect(await rebalanceChannels(deps)).toEqual({ changed: [channel.id], full: [channel.id] });
    expect((await deps.channels.get(channel.id))?.activeUserIds).toEqual(['sales.wang']);
  });
});
