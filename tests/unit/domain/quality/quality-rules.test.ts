import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../../../../src/domain/local-time.ts';
import { quantile } from '../../../../src/domain/quality/percentiles.ts';
import type { QualityRule, WorkingHours } from '../../../../src/domain/quality/quality.ts';
import { replyThreads } from '../../../../src/domain/quality/reply-threads.ts';
import { matchRule, screenMessage } from '../../../../src/domain/quality/sensitive-match.ts';
import { workingMinutesBetween } from '../../../../src/domain/quality/working-time.ts';

const HOURS: WorkingHours = { timeZone: 'Asia/Shanghai', weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };
/** Unix seconds of a Shanghai wall time. */
const at = (date: string, hhmm: string) => zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai');

describe('sensitive-word matching', () => {
  const word = (pattern: string, matchMode: 'whole' | 'fuzzy') => ({ kind: 'word' as const, pattern, matchMode });

  it('should match whole words only at ASCII word boundaries, case-insensitively', () => {
    expect(matchRule(word('vx', 'whole'), '加我 VX 吧')).toBe('vx');
    expect(matchRule(word('vx', 'whole'), 'vxyz')).toBeUndefined();
    expect(matchRule(word('微信', 'whole'), '加我微信号')).toBe('微信');
  });

  it('should match fuzzy words across spaces, punctuation and full-width forms', () => {
    expect(matchRule(word('微信', 'fuzzy'), '加 我 微 . 信')).toBe('微信');
    expect(matchRule(word('vx', 'fuzzy'), 'Ｖ－Ｘ联系')).toBe('vx');
    expect(matchRule(word('微信', 'whole'), '微 信')).toBeUndefined();
  });

  it('should match regexes on the normalised text and never on an invalid one', () => {
    expect(matchRule({ kind: 'regex', pattern: '1[3-9]\\d{9}', matchMode: 'whole' }, '电话 １３８００１３８０００')).toBe('13800138000');
    expect(matchRule({ kind: 'regex', pattern: '1[3-9]\\d{9}', matchMode: 'fuzzy' }, '138 0013 8000')).toBe('13800138000');
    expect(matchRule({ kind: 'regex', pattern: '(', matchMode: 'whole' }, '(')).toBeUndefined();
  });

  it('should apply a rule only to its directions and staff scope', () => {
    const rule: QualityRule = { id: 1, name: 'r', kind: 'word', pattern: '返现', matchMode: 'whole', directions: ['out'], userIds: ['li'], enabled: true };
    expect(screenMessage([rule], { direction: 'out', userId: 'li', text: '给您返现' })).toHaveLength(1);
    expect(screenMessage([rule], { direction: 'in', userId: 'li', text: '给您返现' })).toEqual([]);
    expect(screenMessage([rule], { direction: 'out', userId: 'wang', text: '给您返现' })).toEqual([]);
    expect(screenMessage([{ ...rule, enabled: false }], { direction: 'out', userId: 'li', text: '给您返现' })).toEqual([]);
  });
});

describe('working minutes', () => {
  it('should count only working hours across the end of a day and a weekend', () => {
    // Friday 2026-11-27 17:50 → Monday 2026-11-30 09:05: 10 + 5 minutes.
    expect(workingMinutesBetween(at('2026-11-27', '17:50'), at('2026-11-30', '09:05'), HOURS)).toBe(15);
  });

  it('should count nothing outside working hours and the whole day inside', () => {
    expect(workingMinutesBetween(at('2026-11-28', '10:00'), at('2026-11-29', '23:00'), HOURS)).toBe(0);
    expect(workingMinutesBetween(at('2026-11-26', '18:00'), at('2026-11-27', '09:00'), HOURS)).toBe(0);
    expect(workingMinutesBetween(at('2026-11-26', '08:00'), at('2026-11-26', '20:00'), HOURS)).toBe(540);
    expect(workingMinutesBetween(at('2026-11-26', '12:00'), at('2026-11-26', '11:00'), HOURS)).toBe(0);
  });
});

describe('quantile', () => {
  it('should interpolate between ranks and be undefined for no values', () => {
    expect(quantile([], 0.5)).toBeUndefined();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });
});

describe('reply threads', () => {
  it('should start a thread at the first waiting message and end it at the next reply', () => {
    const m = (direction: 'in' | 'out', sentAt: number) => ({ userId: 'li', externalUserId: 'wmA', direction, sentAt });
    expect(replyThreads([m('in', 10), m('in', 20), m('out', 30), m('out', 40), m('in', 50), m('in', 60), m('out', 60), m('in', 70)])).toEqual([
      { userId: 'li', externalUserId: 'wmA', startAt: 10, replyAt: 30 },
      { userId: 'li', externalUserId: 'wmA', startAt: 50, replyAt: 60 },
      { userId: 'li', externalUserId: 'wmA', startAt: 70 },
    ]);
  });
});
