/**
 * Wall-clock time in a named timezone: local dates ("YYYY-MM-DD") and minutes of the
 * day. Campaigns count days in their own timezone, so a check-in at 23:30 Shanghai time
 * belongs to that Shanghai day whatever the server's zone.
 */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Minutes after midnight of "HH:MM", or undefined when malformed. */
export function minutesOf(hhmm: string): number | undefined {
  const match = HHMM.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * Whether `minute` (0..1439) falls in [from, to), wrapping midnight when to < from.
 * Malformed bounds or from = to match nothing.
 */
export function inWindow(window: { from: string; to: string }, minute: number): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === undefined || to === undefined || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** Minutes after local midnight at a fixed UTC offset (China has no DST). */
export function localMinuteOfDay(at: Date, utcOffsetMinutes = 8 * 60): number {
  const minutes = Math.floor(at.getTime() / 60_000) + utcOffsetMinutes;
  return ((minutes % 1440) + 1440) % 1440;
}

export interface LocalTime {
  /** "YYYY-MM-DD" in the zone. */
  date: string;
  /** Minutes after local midnight. */
  minute: number;
}

// Formatting is the slow part of Intl; one formatter per zone, made on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function utcMidnight(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** Whether `date` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return false;
  return new Date(utcMidnight(date)).toISOString().slice(0, 10) === date;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant (unix seconds) at which the zone's clock shows `date` `minute`. */
export function zonedInstant(date: string, minute: number, timeZone: string): number {
  const wall = utcMidnight(date) + minute * 60_000;
  // The zone's offset at that wall time: read the wall clock at the UTC guess and correct.
  const seen = localTime(new Date(wall), timeZone);
  const offset = (utcMidnight(seen.date) + seen.minute * 60_000) - wall;
  return Math.floor((wall - offset) / 1000);
}
