/**
 * A channel's daily figures over a range of China days: customers added through its code,
 * relations the salesperson deleted, relations the customer deleted (they removed the
 * salesperson), and the net. Deletes count on the day they happened, for relations the
 * channel brought, whenever those were made.
 */
import { dayDate, dayNumber } from './dashboard.ts';

/** One day's counts as the adapter reads them (`day`: China day number). */
export interface ChannelDayCounts {
  day: number;
  added: number;
  deletedByStaff: number;
  deletedByCustomer: number;
}

export interface ChannelStatsDay {
  date: string;
  added: number;
  deletedByStaff: number;
  deletedByCustomer: number;
  /** added − both kinds of delete. */
  net: number;
}

export interface ChannelStats {
  channelId: number;
  from: string;
  to: string;
  timeZone: 'Asia/Shanghai';
  days: ChannelStatsDay[];
  totals: Omit<ChannelStatsDay, 'date'>;
}

/** Every day of `from`..`to` (both included), zeros where nothing happened, and the totals. */
export function buildChannelStats(input: { channelId: number; from: string; to: string; counts: readonly ChannelDayCounts[] }): ChannelStats {
  const byDay = new Map(input.counts.map((counts) => [counts.day, counts]));
  const days: ChannelStatsDay[] = [];
  for (let day = dayNumber(input.from) ?? 0; day <= (dayNumber(input.to) ?? -1); day++) {
    const c = byDay.get(day);
    const added = c?.added ?? 0;
    const deletedByStaff = c?.deletedByStaff ?? 0;
    const deletedByCustomer = c?.deletedByCustomer ?? 0;
    days.push({ date: dayDate(day), added, deletedByStaff, deletedByCustomer, net: added - deletedByStaff - deletedByCustomer });
  }
  const sum = (key: 'added' | 'deletedByStaff' | 'deletedByCustomer' | 'net') => days.reduce((n, d) => n + d[key], 0);
  return {
    channelId: input.channelId,
    from: input.from,
    to: input.to,
    timeZone: 'Asia/Shanghai',
    days,
    totals: { added: sum('added'), deletedByStaff: sum('deletedByStaff'), deletedByCustomer: sum('deletedByCustomer'), net: sum('net') },
  };
}
