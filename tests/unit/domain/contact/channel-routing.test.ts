/**
 * Channel routing at its edges. 2024-06-07 is a Friday, 06-08 Saturday, 06-09 Sunday,
 * 06-10 Monday. li works Monday–Friday 09:00–18:00; wang works Friday night 22:00–02:00
 * (over midnight into Saturday); backups are bak1 and bak2.
 */
import { describe, expect, it } from 'vitest';
import { isOnDuty, nextRoutingChange, routeChannel, routingInstant, scheduleProblems, type RoutingInput } from '../../../../src/domain/contact/channel-routing.ts';
import { CUSTOMER_CAP, type ScheduleSlot } from '../../../../src/domain/contact/channel.ts';

const at = (date: string, hhmm: string) => ({ date, minute: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });
const FRI = '2024-06-07';
const SAT = '2024-06-08';
const SUN = '2024-06-09';
const MON = '2024-06-10';
const THU = '2024-06-06';

const FIXTURE_SCHEDULE: ScheduleSlot[] = [
  { userId: 'li', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
  { userId: 'wang', weekdays: [5], from: '22:00', to: '02:00' },
];

function input(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    userIds: ['li', 'wang'],
    schedule: FIXTURE_SCHEDULE,
    backupUserIds: ['bak1', 'bak2'],
    dailyAddCap: 20,
    addsToday: new Map(),
    customerLoads: new Map(),
    now: at(FRI, '10:00'),
    ...overrides,
  };
}

describe('isOnDuty()', () => {
  it.each([
    [FRI, '08:59', false],
    [FRI, '09:00', true],
    [FRI, '17:59', true],
    [FRI, '18:00', false],
    [SAT, '10:00', false],
    [SUN, '23:59', false],
    [MON, '00:00', false],
    [MON, '09:00', true],
  ])('should put li (weekdays 09:00–18:00) on duty on %s at %s: %s', (date, time, expected) => {
    expect(isOnDuty(FIXTURE_SCHEDULE, 'li', at(date, time))).toBe(expected);
  });

  it.each([
    [THU, '23:00', false, 'Thursday is not a start day'],
    [FRI, '21:59', false, 'before the start'],
    [FRI, '22:00', true, 'at the start'],
    [FRI, '23:59', true, 'the last minute of Friday'],
    [SAT, '00:00', true, 'midnight: the weekday changed but the slot started Friday'],
    [SAT, '01:59', true, 'the last minute'],
    [SAT, '02:00', false, 'the end is not included'],
    [SAT, '22:30', false, 'Saturday is not a start day'],
    [SUN, '01:00', false, 'no slot started Saturday'],
  ])('should treat wang (Friday 22:00–02:00) on %s at %s as %s: %s', (date, time, expected) => {
    expect(isOnDuty(FIXTURE_SCHEDULE, 'wang', at(date, time))).toBe(expected);
  });

  it('should treat a slot whose from equals its to as the whole day, and someone without slots as always on duty', () => {
    const schedule: ScheduleSlot[] = [{ userId: 'zhao', weekdays: [6], from: '00:00', to: '00:00' }];
    expect(isOnDuty(schedule, 'zhao', at(FRI, '23:59'))).toBe(false);
    expect(isOnDuty(schedule, 'zhao', at(SAT, '00:00'))).toBe(true);
    expect(isOnDuty(schedule, 'zhao', at(SAT, '23:59'))).toBe(true);
    expect(isOnDuty(schedule, 'zhao', at(SUN, '00:00'))).toBe(false);
    expect(isOnDuty(schedule, 'nobody-scheduled', at(SUN, '03:00'))).toBe(true);
  });
});

describe('nextRoutingChange()', () => {
  it.each([
    [FRI, '08:00', at(FRI, '09:00'), 'the start of li\'s day'],
    [FRI, '09:00', at(FRI, '18:00'), 'a boundary exactly now is not the next one'],
    [FRI, '18:30', at(FRI, '22:00'), 'wang\'s night starts'],
    [FRI, '23:00', at(SAT, '00:00'), 'midnight (caps reset) comes before wang\'s 02:00 end'],
    [SAT, '00:00', at(SAT, '02:00'), 'the end of the slot that started Friday'],
    [SAT, '03:00', at(SUN, '00:00'), 'nothing more on Saturday: midnight'],
    [SUN, '12:00', at(MON, '00:00'), 'Sunday to Monday midnight'],
  ])('should answer on %s at %s: %o (%s)', (date, time, expected) => {
    expect(nextRoutingChange(FIXTURE_SCHEDULE, at(date, time))).toEqual(expected);
  });

  it('should give the next midnight as a Shanghai instant', () => {
    expect(routingInstant(at(SAT, '00:00'))).toBe(Date.UTC(2024, 5, 7, 16, 0) / 1000);
  });
});

describe('routeChannel()', () => {
  it('should put the on-duty salespeople under the caps on the code', () => {
    expect(routeChannel(input())).toMatchObject({ userIds: ['li'], mode: 'on_duty', warnings: [], onDuty: ['li'], capped: [], nextChange: at(FRI, '18:00') });
  });

  it('should keep a salesperson one add below the daily cap and skip them at it', () => {
    const both = input({ now: at(FRI, '23:00'), schedule: [...FIXTURE_SCHEDULE, { userId: 'li', weekdays: [5], from: '22:00', to: '23:30' }] });
    expect(routeChannel({ ...both, addsToday: new Map([['li', 19]]) }).userIds).toEqual(['li', 'wang']);
    expect(routeChannel({ ...both, addsToday: new Map([['li', 20]]) })).toMatchObject({ userIds: ['wang'], mode: 'on_duty', capped: ['li'] });
  });

  it('should hold each salesperson to their own cap where one is set, and the channel\'s otherwise', () => {
    const both = input({ now: at(FRI, '23:00'), schedule: [...FIXTURE_SCHEDULE, { userId: 'li', weekdays: [5], from: '22:00', to: '23:30' }], dailyAddCaps: { li: 5, bak1: 50 } });
    // li's own cap is 5: one below keeps li, at it skips li while wang (channel cap 20) stays at 19.
    expect(routeChannel({ ...both, addsToday: new Map([['li', 4], ['wang', 19]]) }).userIds).toEqual(['li', 'wang']);
    expect(routeChannel({ ...both, addsToday: new Map([['li', 5], ['wang', 19]]) })).toMatchObject({ userIds: ['wang'], capped: ['li'] });
    // A backup's own cap above the channel's keeps them on past 20.
    const allCapped = routeChannel({ ...both, addsToday: new Map([['li', 5], ['wang', 20], ['bak1', 30], ['bak2', 20]]) });
    expect(allCapped).toMatchObject({ userIds: ['bak1'], mode: 'backup', capped: ['li', 'wang', 'bak2'] });
    // Per-salesperson caps alone, without a channel cap: only the named are capped.
    expect(routeChannel(input({ dailyAddCap: undefined, dailyAddCaps: { li: 1 }, addsToday: new Map([['li', 1], ['wang', 900]]), now: at(FRI, '23:00'), schedule: [] })).userIds).toEqual(['wang']);
  });

  it('should fall back to the backups under the caps when everyone on duty is capped', () => {
    const routing = routeChannel(input({ addsToday: new Map([['li', 20], ['bak1', 25]]) }));
    expect(routing).toMatchObject({ userIds: ['bak2'], mode: 'backup', warnings: [], capped: ['li', 'bak1'] });
  });

  it('should fall back to the backups when no one is on duty (Sunday)', () => {
    expect(routeChannel(input({ now: at(SUN, '12:00') }))).toMatchObject({ userIds: ['bak1', 'bak2'], mode: 'backup', onDuty: [], warnings: [] });
  });

  it('should keep every backup on the code with an all_capped warning when the backups are capped too', () => {
    const routing = routeChannel(input({ addsToday: new Map([['li', 20], ['bak1', 20]]), customerLoads: new Map([['bak2', CUSTOMER_CAP]]) }));
    expect(routing).toMatchObject({ userIds: ['bak1', 'bak2'], mode: 'backup', warnings: ['all_capped'], capped: ['li', 'bak1', 'bak2'] });
  });

  it('should leave WeCom\'s customer cap to decide even without a daily cap', () => {
    const routing = routeChannel(input({ dailyAddCap: undefined, addsToday: new Map([['li', 500]]), customerLoads: new Map([['li', CUSTOMER_CAP]]) }));
    expect(routing).toMatchObject({ userIds: ['bak1', 'bak2'], mode: 'backup', capped: ['li'] });
  });

  it('should keep the capped on-duty salespeople with a no_backup warning when the channel has no backups', () => {
    expect(routeChannel(input({ backupUserIds: [], addsToday: new Map([['li', 20]]) }))).toMatchObject({ userIds: ['li'], mode: 'fallback', warnings: ['no_backup'] });
  });

  it('should keep every salesperson with a no_backup warning when no one is on duty and there are no backups', () => {
    expect(routeChannel(input({ backupUserIds: [], now: at(SUN, '12:00') }))).toMatchObject({ userIds: ['li', 'wang'], mode: 'fallback', warnings: ['no_backup'] });
  });

  it('should take a capped salesperson back at midnight, when the day\'s adds start from zero', () => {
    const alwaysOn = input({ schedule: [], userIds: ['li'], now: at(FRI, '23:59'), addsToday: new Map([['li', 20]]) });
    const before = routeChannel(alwaysOn);
    expect(before).toMatchObject({ userIds: ['bak1', 'bak2'], mode: 'backup', nextChange: at(SAT, '00:00') });
    expect(routeChannel({ ...alwaysOn, now: before.nextChange, addsToday: new Map() })).toMatchObject({ userIds: ['li'], mode: 'on_duty' });
  });

  it('should move from li to wang to the backups across Friday evening and the night', () => {
    const members = (date: string, time: string) => routeChannel(input({ now: at(date, time) })).userIds;
    expect([members(FRI, '17:59'), members(FRI, '18:00'), members(FRI, '22:00'), members(SAT, '01:59'), members(SAT, '02:00')]).toEqual([
      ['li'], ['bak1', 'bak2'], ['wang'], ['wang'], ['bak1', 'bak2'],
    ]);
  });
});

describe('scheduleProblems()', () => {
  it('should name slots for someone not on the channel and malformed times by their index', () => {
    expect(scheduleProblems([{ userId: 'li', weekdays: [1], from: '9:00', to: '18:00' }, { userId: 'ghost', weekdays: [1], from: '09:00', to: '24:00' }], ['li'])).toEqual([
      'schedule.0.from: must be HH:MM',
      "schedule.1.userId: ghost is not one of the channel's userIds",
      'schedule.1.to: must be HH:MM',
    ]);
  });
});
