import { describe, expect, it } from 'vitest';
import { throttle } from '../../../src/shared/throttle.ts';

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
