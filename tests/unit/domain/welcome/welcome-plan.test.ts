import { describe, expect, it } from 'vitest';
import type { WelcomeFlow } from '../../../../src/domain/welcome/welcome-flow.ts';
import { inWindow, localMinuteOfDay } from '../../../../src/domain/local-time.ts';
import { chooseFlow, renderWelcome } from '../../../../src/domain/welcome/welcome-plan.ts';

function flow(id: number, overrides: Partial<WelcomeFlow> = {}): WelcomeFlow {
  return { id, name: `flow ${id}`, text: 'hi', attachments: [], variants: [], userIds: [], isDefault: false, enabled: true, ...overrides };
}

describe('chooseFlow()', () => {
  const flows = [
    flow(1, { isDefault: true }),
    flow(2, { userIds: ['sales.wang'] }),
    flow(3, { channelState: 'expo' }),
    flow(4, { channelState: 'expo', userIds: ['sales.li'] }),
    flow(5, { channelState: 'off', enabled: false }),
  ];

  it('should pick the channel flow naming the salesperson before the channel flow for anybody', () => {
    expect(chooseFlow(flows, { state: 'expo', userId: 'sales.li' })?.id).toBe(4);
    expect(chooseFlow(flows, { state: 'expo', userId: 'sales.zhao' })?.id).toBe(3);
  });

  it('should fall back to the salesperson flow, then the default, when the channel has none', () => {
    expect(chooseFlow(flows, { state: 'unknown', userId: 'sales.wang' })?.id).toBe(2);
    expect(chooseFlow(flows, { userId: 'sales.zhao' })?.id).toBe(1);
  });

  it('should skip disabled flows and return undefined when nothing applies', () => {
    expect(chooseFlow(flows, { state: 'off', userId: 'sales.zhao' })?.id).toBe(1);
    expect(chooseFlow([flow(9)], { userId: 'sales.zhao' })).toBeUndefined();
  });
});

describe('inWindow()', () => {
  it('should handle windows inside a day and windows that wrap midnight', () => {
    const evening = { from: '18:00', to: '22:00', text: '' };
    const night = { from: '22:00', to: '07:00', text: '' };
    expect([17 * 60 + 59, 18 * 60, 21 * 60 + 59, 22 * 60].map((m) => inWindow(evening, m))).toEqual([false, true, true, false]);
    expect([21 * 60 + 59, 22 * 60, 0, 6 * 60 + 59, 7 * 60].map((m) => inWindow(night, m))).toEqual([false, true, true, true, false]);
  });

  it('should never match a malformed or empty window', () => {
    expect(inWindow({ from: '25:00', to: '07:00' }, 60)).toBe(false);
    expect(inWindow({ from: '08:00', to: '08:00' }, 8 * 60)).toBe(false);
  });
});

describe('localMinuteOfDay()', () => {
  it('should give Beijing time (UTC+8) minutes after midnight', () => {
    expect(localMinuteOfDay(new Date('2026-11-27T15:30:00Z'))).toBe(23 * 60 + 30);
    expect(localMinuteOfDay(new Date('2026-11-27T16:05:00Z'))).toBe(5);
  });
});

describe('renderWelcome()', () => {
  const f = flow(1, {
    text: '{customer}您好，我是{salesperson}！',
    variants: [{ from: '22:00', to: '07:00', text: '{customer}，夜深了，明早{salesperson}再联系您。' }],
    attachments: [{ msgtype: 'link', link: { title: '新人礼', url: 'https://example.com/gift' } }],
  });

  it('should fill in the variables and keep the attachments', () => {
    expect(renderWelcome(f, { customerName: '李女士', salespersonName: '小王', minuteOfDay: 600 })).toEqual({
      text: '李女士您好，我是小王！',
      attachments: f.attachments,
    });
  });

  it('should use the time-of-day variant inside its window', () => {
    expect(renderWelcome(f, { customerName: '李女士', salespersonName: '小王', minuteOfDay: 23 * 60 }).text).toBe('李女士，夜深了，明早小王再联系您。');
  });

  it('should not leave dangling punctuation when the nickname is unknown', () => {
    expect(renderWelcome(f, { salespersonName: '小王', minuteOfDay: 23 * 60 }).text).toBe('夜深了，明早小王再联系您。');
  });
});
