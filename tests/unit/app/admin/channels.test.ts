import { describe, expect, it } from 'vitest';
import { createChannel, deleteChannel, getChannelStats, rebalanceChannels, refreshChannel, updateChannel, type ChannelDeps } from '../../../../src/app/admin/channels.ts';
import { CUSTOMER_CAP } from '../../../../src/domain/contact/channel.ts';
import type { TimeWindow } from '../../../../src/domain/metrics/dashboard.ts';
import type { ChannelActivity } from '../../../../src/domain/ports.ts';
import type { WelcomeFlow } from '../../../../src/domain/welcome/welcome-flow.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';
import { InMemoryChannelRepo, RecordingContactWays } from '../../../helpers/admin-fakes.ts';

const KNOWN_TAGS = ['etTag'];
/** Friday 2024-06-07 10:00 in Shanghai. */
const FRIDAY_10H = new Date('2024-06-07T10:00:00+08:00');
const unix = (iso: string) => Date.parse(iso) / 1000;

/** Adds through channels as (state, userId, unix s) rows, counted like src/db/channel-activity.ts. */
class RecordingChannelActivity implements ChannelActivity {
  readonly adds: { state: string; userId: string; at: number }[] = [];
  readonly windows: TimeWindow[] = [];

  async addsByUser(state: string, window: TimeWindow): Promise<Map<string, number>> {
    this.windows.push(window);
    const counts = new Map<string, number>();
    for (const add of this.adds) if (add.state === state && add.at >= window.start && add.at < window.end) counts.set(add.userId, (counts.get(add.userId) ?? 0) + 1);
    return counts;
  }

  async dailyCounts(): Promise<never[]> {
    return [];
  }
}

function world() {
  const channels = new InMemoryChannelRepo();
  const contactWays = new RecordingContactWays();
  const loads = new Map<string, number>();
  const activity = new RecordingChannelActivity();
  const clock = { at: FRIDAY_10H, now(): Date { return this.at; } };
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
    activity,
    clock,
    randomId: () => 'abc123',
  };
  return { deps, channels, contactWays, loads, activity, clock };
}

describe('createChannel()', () => {
  it('should create the contact way with the channel state, then store the channel with its QR code', async () => {
    const { deps, channels, contactWays } = world();
    const channel = await createChannel(deps, { name: '展会', userIds: ['sales.li', 'sales.wang'], tagIds: ['etTag'], welcomeFlowId: 3 });
    expect(contactWays.calls).toEqual([{ op: 'create', input: { state: 'ch-abc123', userIds: ['sales.li', 'sales.wang'], remark: '展会', skipVerify: true } }]);
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
    expect(contactWays.calls.slice(1)).toEqual([{ op: 'update', input: { configId: 'cfg-1', userIds: ['sales.li', 'sales.zhao'], remark: '展会', skipVerify: true } }]);
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
    expect(contactWays.calls.at(-1)).toEqual({ op: 'update', input: { configId: busy.configId, userIds: ['sales.wang'], remark: 'A', skipVerify: true } });
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

describe('routing by schedule, daily cap and backups', () => {
  const schedule = [{ userId: 'sales.li', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }];
  const routed = { name: 'A', userIds: ['sales.li', 'sales.wang'], tagIds: [], schedule, backupUserIds: ['sales.bak'], dailyAddCap: 2 };

  it('should send only the members on duty and call WeCom again only when an add reaches the cap', async () => {
    const { deps, contactWays, activity } = world();
    const channel = await createChannel(deps, routed);
    expect(contactWays.calls[0]?.input).toMatchObject({ userIds: ['sales.li', 'sales.wang'] });
    activity.adds.push({ state: channel.state, userId: 'sales.li', at: unix('2024-06-07T09:30:00+08:00') });
    expect(await refreshChannel(deps, channel.id)).toEqual({ changed: false });
    activity.adds.push({ state: channel.state, userId: 'sales.li', at: unix('2024-06-07T09:50:00+08:00') });
    expect(await refreshChannel(deps, channel.id)).toEqual({ changed: true });
    expect(await refreshChannel(deps, channel.id)).toEqual({ changed: false });
    expect(contactWays.calls.slice(1)).toEqual([{ op: 'update', input: { configId: channel.configId, userIds: ['sales.wang'], remark: 'A', skipVerify: true } }]);
    expect((await deps.channels.get(channel.id))?.routingStatus).toMatchObject({ mode: 'on_duty', capped: ['sales.li'], nextChangeAt: unix('2024-06-07T18:00:00+08:00') });
  });

  it('should count adds for per-salesperson caps even without a channel cap, and refuse a cap for someone not on the channel', async () => {
    const { deps, contactWays, activity } = world();
    const channel = await createChannel(deps, { ...routed, dailyAddCap: undefined, dailyAddCaps: { 'sales.li': 1 } });
    activity.adds.push({ state: channel.state, userId: 'sales.li', at: unix('2024-06-07T09:30:00+08:00') });
    expect(await refreshChannel(deps, channel.id)).toEqual({ changed: true });
    expect(contactWays.calls.at(-1)?.input).toMatchObject({ userIds: ['sales.wang'] });
    await expect(updateChannel(deps, channel.id, { dailyAddCaps: { 'sales.ghost': 3 } })).rejects.toThrow("dailyAddCaps.sales.ghost: sales.ghost is neither one of the channel's userIds nor a backup");
    // Dropping a salesperson who has a cap is refused too: the cap would name someone gone.
    await expect(updateChannel(deps, channel.id, { userIds: ['sales.wang'], schedule: [] })).rejects.toThrow('dailyAddCaps.sales.li');
    // Without the cap li is back on the code.
    await updateChannel(deps, channel.id, { dailyAddCaps: {} });
    expect(contactWays.calls.at(-1)?.input).toMatchObject({ userIds: ['sales.li', 'sales.wang'] });
  });

  it('should count the cap over the Shanghai day and give the capped salesperson back at midnight', async () => {
    const { deps, contactWays, activity, clock } = world();
    const channel = await createChannel(deps, { ...routed, userIds: ['sales.li'], schedule: [] });
    activity.adds.push(...[1, 2].map(() => ({ state: channel.state, userId: 'sales.li', at: unix('2024-06-07T23:00:00+08:00') })));
    clock.at = new Date('2024-06-07T23:59:59+08:00');
    expect(await rebalanceChannels(deps)).toEqual({ changed: [channel.id], full: [] });
    expect(activity.windows.at(-1)).toEqual({ start: unix('2024-06-07T00:00:00+08:00'), end: unix('2024-06-08T00:00:00+08:00') });
    clock.at = new Date('2024-06-08T00:00:00+08:00');
    expect(await rebalanceChannels(deps)).toEqual({ changed: [channel.id], full: [] });
    expect(contactWays.calls.slice(1).map((call) => (call.input as { userIds: string[] }).userIds)).toEqual([['sales.bak'], ['sales.li']]);
  });

  it('should keep the backups with a warning when they are capped too, and say so in the status', async () => {
    const { deps, activity } = world();
    const channel = await createChannel(deps, { ...routed, dailyAddCap: 1 });
    for (const userId of ['sales.li', 'sales.wang', 'sales.bak']) activity.adds.push({ state: channel.state, userId, at: unix('2024-06-07T09:10:00+08:00') });
    expect(await rebalanceChannels(deps)).toEqual({ changed: [channel.id], full: [channel.id] });
    expect(await deps.channels.get(channel.id)).toMatchObject({ activeUserIds: ['sales.bak'], routingStatus: { mode: 'backup', warnings: ['all_capped'] } });
  });

  it('should send auto-accept to WeCom as skip_verify when only it changes', async () => {
    const { deps, contactWays } = world();
    const channel = await createChannel(deps, { name: 'A', userIds: ['sales.li'], tagIds: [], autoAccept: false });
    expect(contactWays.calls[0]?.input).toMatchObject({ skipVerify: false });
    await updateChannel(deps, channel.id, { autoAccept: true });
    await updateChannel(deps, channel.id, { remarkTemplate: '{channel}-{customer}' });
    expect(contactWays.calls.slice(1)).toEqual([{ op: 'update', input: { configId: channel.configId, userIds: ['sales.li'], remark: 'A', skipVerify: true } }]);
  });

  it('should name every bad field at once: a slot for someone not on the channel and unknown template variables', async () => {
    const { deps, contactWays } = world();
    const error = await createChannel(deps, { ...routed, schedule: [{ ...schedule[0]!, userId: 'sales.ghost' }], remarkTemplate: '{name}', descriptionTemplate: '{date}{x}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message.split('; ')).toEqual([
      "schedule.0.userId: sales.ghost is not one of the channel's userIds",
      'remarkTemplate: unknown variables {name} (use {customer}, {channel}, {date}, {salesperson})',
      'descriptionTemplate: unknown variables {x} (use {customer}, {channel}, {date}, {salesperson})',
    ]);
    const channel = await createChannel(deps, routed);
    await expect(updateChannel(deps, channel.id, { userIds: ['sales.wang'] })).rejects.toThrow('schedule.0.userId');
    expect(contactWays.calls).toHaveLength(1);
  });

  it('should refuse a reversed stats range and an unknown channel', async () => {
    const { deps } = world();
    await expect(getChannelStats(deps, 1, { from: '2024-06-02', to: '2024-06-01' })).rejects.toThrow('from: must not be after to');
    await expect(getChannelStats(deps, 99, { from: '2024-06-01', to: '2024-06-01' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
