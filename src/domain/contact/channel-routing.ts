/**
 * Who a channel code (渠道活码) points at right now: the channel's salespeople on duty by
 * their schedule, minus those who reached the channel's daily add cap or WeCom's customer
 * cap; backups when that leaves no one; and when the answer next changes (a schedule
 * boundary, or local midnight when the daily counts reset), so the status can say so.
 *
 * Times are wall-clock times in the channel's business zone (Asia/Shanghai). A slot's
 * weekdays name the day the slot starts: Friday 22:00–02:00 covers Saturday 01:00.
 */
import { addDays, minutesOf, zonedInstant, type LocalTime } from '../local-time.ts';
import { isoWeekday } from '../quality/working-time.ts';
import { assignableSalespeople, CUSTOMER_CAP, dailyCapOf, type RoutingMode, type RoutingWarning, type ScheduleSlot } from './channel.ts';

const isCapped = (cap: number | undefined, adds: number) => cap !== undefined && adds >= cap;

/** The zone a channel's schedule and daily cap are read in. */
export const CHANNEL_TIME_ZONE = 'Asia/Shanghai';

export interface RoutingInput {
  userIds: readonly string[];
  schedule: readonly ScheduleSlot[];
  backupUserIds: readonly string[];
  /** Most adds through this channel per salesperson per local day; undefined = no cap. */
  dailyAddCap?: number;
  /** Per-salesperson caps replacing `dailyAddCap` for them. */
  dailyAddCaps?: Record<string, number>;
  /** Adds through this channel today (local day), per salesperson; absent = 0. */
  addsToday: ReadonlyMap<string, number>;
  /** Customers each salesperson serves (WeCom's 5,000 cap); absent = 0. */
  customerLoads: ReadonlyMap<string, number>;
  now: LocalTime;
  /** WeCom's customer cap. @defaultValue CUSTOMER_CAP */
  customerCap?: number;
}

export interface Routing {
  /** The members the code should have now, never empty when the channel names anyone. */
  userIds: string[];
  mode: RoutingMode;
  warnings: RoutingWarning[];
  /** On duty by the schedule, before any cap. */
  onDuty: string[];
  /** Of the candidates, those skipped for a cap. */
  capped: string[];
  /** The next local time the routing may change without an add: a slot boundary or midnight. */
  nextChange: LocalTime;
}

const DAY_MINUTES = 1440;

/** A slot's occurrence starting on `date`, as [start, end) minutes from that date's midnight. */
function span(slot: ScheduleSlot): { start: number; end: number } | undefined {
  const from = minutesOf(slot.from);
  const to = minutesOf(slot.to);
  if (from === undefined || to === undefined) return undefined;
  return { start: from, end: to > from ? to : to + DAY_MINUTES };
}

/** Occurrences of `slot` starting yesterday through a week ahead, in minutes from today's midnight. */
function occurrences(slot: ScheduleSlot, today: string): { start: number; end: number }[] {
  const times = span(slot);
  if (!times) return [];
  const found: { start: number; end: number }[] = [];
  for (let offset = -1; offset <= 7; offset++) {
    if (!slot.weekdays.includes(isoWeekday(addDays(today, offset)))) continue;
    found.push({ start: offset * DAY_MINUTES + times.start, end: offset * DAY_MINUTES + times.end });
  }
  return found;
}

/** Whether the salesperson is on duty at `now`: always when the schedule has no slot for them. */
export function isOnDuty(schedule: readonly ScheduleSlot[], userId: string, now: LocalTime): boolean {
  const slots = schedule.filter((slot) => slot.userId === userId);
  if (slots.length === 0) return true;
  return slots.some((slot) => occurrences(slot, now.date).some(({ start, end }) => start <= now.minute && now.minute < end));
}

/** The first slot boundary after `now`, or the next local midnight if that comes first. */
export function nextRoutingChange(schedule: readonly ScheduleSlot[], now: LocalTime): LocalTime {
  let next = DAY_MINUTES;
  for (const slot of schedule) {
    for (const { start, end } of occurrences(slot, now.date)) {
      for (const boundary of [start, end]) if (boundary > now.minute && boundary < next) next = boundary;
    }
  }
  return next >= DAY_MINUTES ? { date: addDays(now.date, 1), minute: 0 } : { date: now.date, minute: next };
}

/**
 * Decides the code's members: on-duty salespeople under both caps; else the backups under
 * both caps; else every backup (warning `all_capped`); with no backups, the on-duty
 * salespeople or, when none is on duty, all of them (warning `no_backup`), those at
 * WeCom's customer cap left out unless all are (then the least loaded stays).
 */
export function routeChannel(input: RoutingInput): Routing {
  const customerCap = input.customerCap ?? CUSTOMER_CAP;
  const reachedCap = (userId: string) =>
    (input.customerLoads.get(userId) ?? 0) >= customerCap ||
    isCapped(dailyCapOf(input, userId), input.addsToday.get(userId) ?? 0);
  const onDuty = input.userIds.filter((userId) => isOnDuty(input.schedule, userId, input.now));
  const nextChange = nextRoutingChange(input.schedule, input.now);
  const capped = [...new Set([...onDuty, ...input.backupUserIds])].filter(reachedCap);
  const base = { onDuty, capped, nextChange };
  const open = onDuty.filter((userId) => !reachedCap(userId));
  if (open.length > 0) return { ...base, userIds: open, mode: 'on_duty', warnings: [] };
  const backups = input.backupUserIds.filter((userId) => !reachedCap(userId));
  if (backups.length > 0) return { ...base, userIds: backups, mode: 'backup', warnings: [] };
  if (input.backupUserIds.length > 0) return { ...base, userIds: [...input.backupUserIds], mode: 'backup', warnings: ['all_capped'] };
  // The existing capacity rule picks among them: those under WeCom's cap, else the least loaded.
  const pool = onDuty.length > 0 ? onDuty : input.userIds;
  return { ...base, userIds: assignableSalespeople(pool, input.customerLoads, customerCap).userIds, mode: 'fallback', warnings: ['no_backup'] };
}

/** The unix seconds at which the zone's clock shows `at` (for the status the console shows). */
export function routingInstant(at: LocalTime): number {
  return zonedInstant(at.date, at.minute, CHANNEL_TIME_ZONE);
}

/** Problems with a schedule as "schedule.N.field: problem", empty when usable. */
export function scheduleProblems(schedule: readonly ScheduleSlot[], userIds: readonly string[]): string[] {
  return schedule.flatMap((slot, i) => {
    const problems: string[] = [];
    if (!userIds.includes(slot.userId)) problems.push(`schedule.${i}.userId: ${slot.userId} is not one of the channel's userIds`);
    if (minutesOf(slot.from) === undefined) problems.push(`schedule.${i}.from: must be HH:MM`);
    if (minutesOf(slot.to) === undefined) problems.push(`schedule.${i}.to: must be HH:MM`);
    return problems;
  });
}
