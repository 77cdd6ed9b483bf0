/**
 * Channel codes: creating one makes a 「联系我」 QR code in WeCom whose `state` names the
 * channel, then stores it. WeCom is called first, so a failure stores nothing. Who is on
 * the code follows the channel's routing (domain/contact/channel-routing.ts): the schedule,
 * the daily add cap, WeCom's customer cap and the backups. A periodic job (every minute)
 * and every add through a capped channel re-decide it; WeCom hears only of changes.
 */
import {
  sameSalespeople,
  channelState,
  dailyCapProblems,
  hasDailyCap,
  type Channel,
  type ChannelChanges,
  type NewChannel,
  type RoutingStatus,
} from '../../domain/contact/channel.ts';
import { CHANNEL_TIME_ZONE, routeChannel, routingInstant, scheduleProblems } from '../../domain/contact/channel-routing.ts';
import { unknownRemarkVariables } from '../../domain/contact/channel-remark.ts';
import { addDays, localTime } from '../../domain/local-time.ts';
import { buildChannelStats, type ChannelStats } from '../../domain/metrics/channel-stats.ts';
import { dashboardWindow } from '../../domain/metrics/dashboard.ts';
import type { ChannelActivity, ChannelRepo, ContactWayGateway, CorpTagStore, SalespersonLoads, WelcomeFlowRepo } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';

export interface ChannelDeps {
  channels: ChannelRepo;
  contactWays: ContactWayGateway;
  welcomeFlows: WelcomeFlowRepo;
  /** The channel's tags must be synced corp tags (mark_tag refuses others with 40068). */
  corpTags: CorpTagStore;
  loads: SalespersonLoads;
  /** Adds today per salesperson (the daily cap) and the channel's daily figures. */
  activity: ChannelActivity;
  /** Says which slot of the schedule is on and which local day the caps count. */
  clock: Clock;
  /** A short random string for the channel's `state`. */
  randomId: () => string;
}

type RoutingDeps = Pick<ChannelDeps, 'channels' | 'contactWays' | 'loads' | 'activity' | 'clock'>;

/** Cross-field checks the request schema cannot make, all problems at once. */
async function validate(deps: ChannelDeps, input: ChannelChanges, userIds: readonly string[], backupUserIds: readonly string[]): Promise<void> {
  const problems: string[] = [];
  if (input.userIds?.length === 0) problems.push('userIds: name at least one salesperson');
  if (typeof input.welcomeFlowId === 'number' && !(await deps.welcomeFlows.get(input.welcomeFlowId))) {
    problems.push(`welcomeFlowId: no welcome flow ${input.welcomeFlowId}`);
  }
  const unknownTags = await deps.corpTags.unknownTagIds(input.tagIds ?? []);
  if (unknownTags.length > 0) problems.push(`tagIds: unknown corp tags ${unknownTags.join(', ')} (sync tags first: POST /api/admin/tags/sync)`);
  if (input.schedule) problems.push(...scheduleProblems(input.schedule, userIds));
  if (input.dailyAddCaps) problems.push(...dailyCapProblems(input.dailyAddCaps, [...userIds, ...backupUserIds]));
  for (const field of ['remarkTemplate', 'descriptionTemplate'] as const) {
    const unknown = unknownRemarkVariables(input[field] ?? '');
    if (unknown.length > 0) problems.push(`${field}: unknown variables ${unknown.join(', ')} (use {customer}, {channel}, {date}, {salesperson})`);
  }
  if (problems.length > 0) throw new ValidationError(problems.join('; '));
}

/** The channel with `changes` applied, `null` clearing optional fields. */
function merged(channel: Channel, changes: ChannelChanges): Channel {
  const next: Channel = { ...channel };
  for (const [key, value] of Object.entries(changes) as [keyof ChannelChanges, unknown][]) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else Object.assign(next, { [key]: value });
  }
  return next;
}

/** Everyone a channel's code may point at: its salespeople and its backups. */
const candidatesOf = (channels: readonly Pick<Channel, 'userIds' | 'backupUserIds'>[]) => [...new Set(channels.flatMap((c) => [...c.userIds, ...(c.backupUserIds ?? [])]))];

/** The routing decision for `channel` now, as the members and the status to store. */
async function decide(
  deps: Omit<RoutingDeps, 'channels' | 'contactWays'>,
  channel: Omit<Channel, 'id'>,
  loads?: ReadonlyMap<string, number>,
): Promise<{ userIds: string[]; status: RoutingStatus }> {
  const now = localTime(deps.clock.now(), CHANNEL_TIME_ZONE);
  const backups = channel.backupUserIds ?? [];
  const [addsToday, customerLoads] = await Promise.all([
    !hasDailyCap(channel)
      ? new Map<string, number>()
      : deps.activity.addsByUser(channel.state, { start: routingInstant({ date: now.date, minute: 0 }), end: routingInstant({ date: addDays(now.date, 1), minute: 0 }) }),
    loads ?? deps.loads.customerCounts(candidatesOf([channel])),
  ]);
  const routing = routeChannel({
    userIds: channel.userIds,
    schedule: channel.schedule ?? [],
    backupUserIds: backups,
    ...(channel.dailyAddCap === undefined ? {} : { dailyAddCap: channel.dailyAddCap }),
    ...(channel.dailyAddCaps === undefined ? {} : { dailyAddCaps: channel.dailyAddCaps }),
    addsToday,
    customerLoads,
    now,
  });
  const { mode, warnings, onDuty, capped } = routing;
  const status = { mode, warnings, onDuty, capped, nextChangeAt: routingInstant(routing.nextChange) };
  // The decision's time stays while the decision does, so an unchanged minute writes nothing.
  const previous = channel.routingStatus;
  const same = previous && JSON.stringify({ ...previous, checkedAt: 0 }) === JSON.stringify({ ...status, checkedAt: 0 });
  return { userIds: routing.userIds, status: same ? previous : { ...status, checkedAt: nowSeconds(deps.clock) } };
}

export async function createChannel(deps: ChannelDeps, input: NewChannel): Promise<Channel> {
  await validate(deps, input, input.userIds, input.backupUserIds ?? []);
  const state = channelState(deps.randomId());
  const draft = { ...input, state, activeUserIds: [] };
  const { userIds, status } = await decide(deps, draft);
  const { configId, qrCode } = await deps.contactWays.create({ state, userIds, remark: input.name, skipVerify: input.autoAccept ?? true });
  return deps.channels.create({ ...draft, activeUserIds: userIds, routingStatus: status, configId, qrCode });
}

export function listChannels(deps: Pick<ChannelDeps, 'channels'>): Promise<Channel[]> {
  return deps.channels.list();
}

export async function getChannel(deps: Pick<ChannelDeps, 'channels'>, id: number): Promise<Channel> {
  const channel = await deps.channels.get(id);
  if (!channel) throw new NotFoundError(`no channel ${id}`);
  return channel;
}

/**
 * Puts `next` (the channel as it should be) on its code: update_contact_way only when the
 * members, the name or auto-accept differ from what WeCom has (`current`), then stores the
 * members and status if they changed.
 */
async function applyRouting(
  deps: RoutingDeps,
  current: Channel,
  next: Channel,
  options: { changes?: ChannelChanges; loads?: ReadonlyMap<string, number> } = {},
): Promise<{ channel: Channel; membersChanged: boolean }> {
  const changes = options.changes ?? {};
  const { userIds, status } = await decide(deps, next, options.loads);
  const membersChanged = !sameSalespeople(userIds, current.activeUserIds);
  const autoAccept = next.autoAccept ?? true;
  if (current.configId && (membersChanged || next.name !== current.name || autoAccept !== (current.autoAccept ?? true))) {
    await deps.contactWays.update({ configId: current.configId, userIds, remark: next.name, skipVerify: autoAccept });
  }
  if (!membersChanged && status === current.routingStatus && Object.keys(changes).length === 0) return { channel: current, membersChanged };
  const updated = await deps.channels.update(current.id, { ...changes, activeUserIds: userIds, routingStatus: status });
  if (!updated) throw new NotFoundError(`no channel ${current.id}`);
  return { channel: updated, membersChanged };
}

/** Edits a channel; new routing, a new name or auto-accept reach the QR code through update_contact_way. */
export async function updateChannel(deps: ChannelDeps, id: number, changes: ChannelChanges): Promise<Channel> {
  const channel = await getChannel(deps, id);
  const next = merged(channel, changes);
  // New userIds (or backups) are checked against the kept schedule and caps too: neither may name someone gone.
  const people = changes.userIds ?? changes.backupUserIds;
  await validate(
    deps,
    { ...changes, schedule: changes.schedule ?? (changes.userIds ? next.schedule : undefined), dailyAddCaps: changes.dailyAddCaps ?? (people ? next.dailyAddCaps : undefined) },
    next.userIds,
    next.backupUserIds ?? [],
  );
  return (await applyRouting(deps, channel, next, { changes })).channel;
}

/** Deletes the QR code in WeCom, then the channel. Customers keep the channel `state` they came with. */
export async function deleteChannel(deps: Pick<ChannelDeps, 'channels' | 'contactWays'>, id: number): Promise<void> {
  const channel = await getChannel(deps, id);
  if (channel.configId) await deps.contactWays.remove(channel.configId);
  await deps.channels.remove(id);
}

/** Re-decides one channel now (after an add through it); unknown ids are ignored. */
export async function refreshChannel(deps: RoutingDeps, id: number): Promise<{ changed: boolean }> {
  const channel = await deps.channels.get(id);
  if (!channel) return { changed: false };
  return { changed: (await applyRouting(deps, channel, channel)).membersChanged };
}

/**
 * Re-decides every channel: schedule boundaries, caps reached or reset at midnight,
 * salespeople at WeCom's customer cap. Only channels whose members change are sent to
 * WeCom, so running it every minute costs a few reads. `full` lists channels whose status
 * carries a warning (everyone capped, or no one to fall back on).
 */
export async function rebalanceChannels(deps: RoutingDeps): Promise<{ changed: number[]; full: number[] }> {
  const changed: number[] = [];
  const full: number[] = [];
  const channels = await deps.channels.list();
  // One load query for every channel's people, not one per channel.
  const loads = await deps.loads.customerCounts(candidatesOf(channels));
  for (const channel of channels) {
    const applied = await applyRouting(deps, channel, channel, { loads });
    if (applied.membersChanged) changed.push(channel.id);
    if ((applied.channel.routingStatus?.warnings.length ?? 0) > 0) full.push(channel.id);
  }
  return { changed, full };
}

/**
 * Adds, deletes by the salesperson, deletes by the customer and the net per China day.
 * @param range - `from` and `to` as YYYY-MM-DD, both included, at most 366 days
 * @throws ValidationError (400) for a malformed, reversed or over-long range; NotFoundError (404)
 */
export async function getChannelStats(deps: Pick<ChannelDeps, 'channels' | 'activity'>, id: number, range: { from: string; to: string }): Promise<ChannelStats> {
  const window = dashboardWindow(range.from, range.to);
  if ('problem' in window) throw new ValidationError(window.problem);
  const channel = await getChannel(deps, id);
  return buildChannelStats({ channelId: id, ...range, counts: await deps.activity.dailyCounts(channel.state, window) });
}
