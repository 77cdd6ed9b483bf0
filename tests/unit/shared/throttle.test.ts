import { describe, expect, it } from 'vitest';
import { throttle, within } from '../../../src/shared/throttle.ts';

describe('throttle()', () => {
  it('should allow once per interval and again after it has passed', () => {
    let now = 1_000;
    const allowed = throttle(60_000, () => now);
    expect([allowed(), allowed()]).toEqual([true, false]);
    now += 59_999;
    expect(allowed()).toBe(false);
    now += 1;
    expect(allowed()).toBe(true);
  });
});

describe('within()', () => {
  it('should resolve with the result when the work finishes in time', async () => {
    expect(await within(1_000, Promise.resolve('done'))).toBe('done');
  });

  it('should resolve with undefined when the work takes longer than allowed', async () => {
    const never = new Promise<string>(() => {});
    expect(await within(20, never)).toBeUndefined();
  });
});
