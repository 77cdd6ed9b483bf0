/**
 * The channel editor's schedule lines in and out of the API's shape, without the DOM (so
 * the root project's unit tests can check it): weekdays are typed as "1-5" or "1,3,6"
 * (1 = Monday … 7 = Sunday). Text that is not a weekday list is sent as typed, so the
 * API's own error lands next to the schedule field.
 */

export interface ScheduleSlot {
  userId: string;
  weekdays: number[];
  from: string;
  to: string;
}

/** "1-5" → [1,2,3,4,5]; "1,3, 6" → [1,3,6]; "5-1" wraps → [5,6,7,1]; anything else: the text itself. */
export function parseWeekdays(text: string): number[] | string {
  const days = new Set<number>();
  for (const part of text.replace(/，/g, ',').split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^([1-7])\s*[-–~]\s*([1-7])$/.exec(part);
    if (range) {
      for (let day = Number(range[1]), n = 0; n < 7; day = (day % 7) + 1, n++) {
        days.add(day);
        if (day === Number(range[2])) break;
      }
    } else if (/^[1-7]$/.test(part)) days.add(Number(part));
    else return text;
  }
  return days.size > 0 ? [...days] : text;
}

/** [1,2,3,4,5] → "1-5"; [1,3,6] → "1,3,6". */
export function formatWeekdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return runs.join(',');
}

/** The form's `rows` lines as the API's slots. */
export function slotsFromLines(lines: readonly Record<string, unknown>[]): { userId: string; weekdays: number[] | string; from: string; to: string }[] {
  return lines.map((line) => ({ userId: String(line.userId ?? ''), weekdays: parseWeekdays(String(line.weekdays ?? '')), from: String(line.from ?? ''), to: String(line.to ?? '') }));
}

/** The API's slots as the form's lines. */
export function linesFromSlots(slots: readonly ScheduleSlot[]): Record<string, string>[] {
  return slots.map((slot) => ({ userId: slot.userId, weekdays: formatWeekdays(slot.weekdays), from: slot.from, to: slot.to }));
}
