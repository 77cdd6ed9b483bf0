import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchWindow } from '../../../src/shared/batch-window.ts';

describe('BatchWindow', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should send the first item at once and batch those within the window', async () => {
    const sent: [string, number[]][] = [];
    const window = new BatchWindow<number>({ windowMs: 1_000, flush: async (key, items) => void sent.push([key, items]), onError: () => {} });
    window.add('room', [1]);
    window.add('room', [2]);
    window.add('room', [3]);
    window.add('other', [9]);
    expect(sent).toEqual([['room', [1]], ['other', [9]]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([['room', [1]], ['other', [9]], ['room', [2, 3]]]);
    // After a quiet window the next one goes at once again.
    await vi.advanceTimersByTimeAsync(1_500);
    window.add('room', [4]);
    expect(sent.at(-1)).toEqual(['room', [4]]);
  });

  it('should send what waits on drain and report a failed flush', async () => {
    const errors: unknown[] = [];
    const sent: number[][] = [];
    const window = new BatchWindow<number>({
      windowMs: 60_000,
      flush: async (_key, items) => {
        sent.push(items);
        if (items.includes(2)) throw new Error('puppet gone');
      },
      onError: (error) => errors.push(error),
    });
    window.add('room', [1]);
    window.add('room', [2]);
    await window.drain();
    expect(sent).toEqual([[1], [2]]);
    expect(errors).toHaveLength(1);
  });
});
