import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, isTimeZone, localTime, zonedInstant } from '../../../src/domain/local-time.ts';

describe('local time', () => {
  it('should read the date and minute in a named zone', () => {
    expect(localTime(new Date('2026-12-01T16:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-12-02', minute: 30 });
    expect(localTime(new Date('2026-12-01T16:30:00Z'), 'America/New_York')).toEqual({ date: '2026-12-01', minute: 11 * 60 + 30 });
  });

  it('should find the instant a zone shows a wall time, across DST', () => {
    expect(new Date(zonedInstant('2026-12-01', 8 * 60, 'Asia/Shanghai') * 1000).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-01', 9 * 60, 'America/New_York') * 1000).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(new Date(zonedInstant('2026-12-01', 9 * 60, 'America/New_York') * 1000).toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('should do calendar arithmetic on YYYY-MM-DD dates', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect([isIsoDate('2026-02-29'), isIsoDate('2028-02-29'), isIsoDate('2026-1-1')]).toEqual([false, true, false]);
    expect([isTimeZone('Asia/Shanghai'), isTimeZone('Mars/Olympus')]).toEqual([true, false]);
  });
});
