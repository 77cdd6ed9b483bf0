/** The channel editor's weekday text and schedule lines, to and from the API's slots. */
import { describe, expect, it } from 'vitest';
import { formatWeekdays, linesFromSlots, parseWeekdays, slotsFromLines } from '../../../sidebar/src/admin/channel-schedule.ts';

describe('parseWeekdays()', () => {
  it.each([
    ['1-5', [1, 2, 3, 4, 5]],
    ['1,3, 6', [1, 3, 6]],
    ['6-7，1', [6, 7, 1]],
    ['5-1', [5, 6, 7, 1]],
    ['7', [7]],
  ])('should read %s as %o', (text, days) => {
    expect(parseWeekdays(text)).toEqual(days);
  });

  it.each(['', '0-5', '8', 'Mon', '1-'])('should hand %o back as typed, for the API to name', (text) => {
    expect(parseWeekdays(text)).toBe(text);
  });
});

describe('formatWeekdays()', () => {
  it('should write runs of three or more as ranges', () => {
    expect([formatWeekdays([1, 2, 3, 4, 5]), formatWeekdays([6, 1, 3]), formatWeekdays([6, 7]), formatWeekdays([1, 2, 3, 5, 6, 7])]).toEqual(['1-5', '1,3,6', '6,7', '1-3,5-7']);
  });
});

describe('schedule lines', () => {
  it('should round-trip the API\'s slots through the form\'s lines', () => {
    const slots = [{ userId: 'sales.wang', weekdays: [5], from: '22:00', to: '02:00' }, { userId: 'sales.li', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }];
    expect(slotsFromLines(linesFromSlots(slots))).toEqual(slots);
  });
});
