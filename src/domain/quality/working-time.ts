/**
 * Working-time arithmetic: how much of an interval falls inside the working hours, so a
 * message that arrives at 17:50 on Friday with 18:00 closing has waited 10 minutes by
 * Monday 09:00, not 63 hours.
 */
import { addDays, isTimeZone, localTime, minutesOf, zonedInstant } from '../local-time.ts';
import type { WorkingHours } from './quality.ts';

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Problems with the hours, empty when usable. */
export function workingHoursProblems(hours: WorkingHours): string[] {
  const problems: string[] = [];
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  if (from === undefined || to === undefined) problems.push('from and to must be HH:MM');
  else if (from >= to) problems.push('from must be before to');
  if (!isTimeZone(hours.timeZone)) problems.push(`unknown time zone ${hours.timeZone}`);
  if (hours.weekdays.length === 0 || hours.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) problems.push('weekdays must be 1 (Monday) to 7 (Sunday)');
  return problems;
}

/** Working seconds in [fromSec, toSec) (unix seconds); 0 when to ≤ from. */
export function workingSecondsBetween(fromSec: number, toSec: number, hours: WorkingHours): number {
  if (toSec <= fromSec) return 0;
  const open = minutesOf(hours.from);
  const close = minutesOf(hours.to);
  if (open === undefined || close === undefined || open >= close) return 0;
  const last = localTime(new Date(toSec * 1000), hours.timeZone).date;
  let total = 0;
  for (let date = localTime(new Date(fromSec * 1000), hours.timeZone).date; date <= last; date = addDays(date, 1)) {
    if (!hours.weekdays.includes(isoWeekday(date))) continue;
    const start = Math.max(fromSec, zonedInstant(date, open, hours.timeZone));
    const end = Math.min(toSec, zonedInstant(date, close, hours.timeZone));
    if (end > start) total += end - start;
  }
  return total;
}

/** {@link workingSecondsBetween} in minutes (fractional). */
export function workingMinutesBetween(fromSec: number, toSec: number, hours: WorkingHours): number {
  return workingSecondsBetween(fromSec, toSec, hours) / 60;
}
