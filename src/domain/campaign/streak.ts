/**
 * Streak, standing and leaderboard arithmetic over the campaign days a member checked in
 * (day numbers, 1-based, make-ups included).
 */

/** Length of the run of consecutive days containing `day` (0 when `day` is not in it). */
export function runLength(days: ReadonlySet<number>, day: number): { length: number; start: number } {
  if (!days.has(day)) return { length: 0, start: day };
  let start = day;
  while (days.has(start - 1)) start--;
  let end = day;
  while (days.has(end + 1)) end++;
  return { length: end - start + 1, start };
}

/**
 * The streak still alive on `today`: the run ending today, or yesterday when the member
 * has not checked in yet today (the streak breaks only once a day is missed).
 */
export function currentStreak(days: ReadonlySet<number>, today: number): number {
  if (days.has(today)) return runLength(days, today).length;
  return runLength(days, today - 1).length;
}

export interface Standing {
  /** Days checked in so far. */
  daysCheckedIn: number;
  streak: number;
  points: number;
}

export interface MemberRecord {
  memberKey: string;
  displayName: string;
  days: readonly number[];
  points: number;
}

export interface RankedMember extends Standing {
  rank: number;
  memberKey: string;
  displayName: string;
}

export function standingOf(record: Pick<MemberRecord, 'days' | 'points'>, today: number): Standing {
  const days = new Set(record.days);
  return { daysCheckedIn: days.size, streak: currentStreak(days, today), points: record.points };
}

/** Members by streak, then points, then days checked in; ties share nothing (name order). */
export function leaderboard(members: readonly MemberRecord[], today: number, limit = 10): RankedMember[] {
  return members
    .map((m) => ({ memberKey: m.memberKey, displayName: m.displayName, ...standingOf(m, today) }))
    .filter((m) => m.daysCheckedIn > 0)
    .sort((a, b) => b.streak - a.streak || b.points - a.points || b.daysCheckedIn - a.daysCheckedIn || a.displayName.localeCompare(b.displayName))
    .slice(0, limit)
    .map((m, index) => ({ rank: index + 1, ...m }));
}
