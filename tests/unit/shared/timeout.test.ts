import { describe, expect, it } from 'vitest';
import { withTimeout, within } from '../../../src/shared/timeout.ts';

describe('within()', () => {
  it('should resolve with the result when the work finishes in time', async () => {
    expect(await within(1_000, Promise.resolve('done'))).toBe('done');
  });

  it('should resolve with undefined when the work takes longer than allowed', async () => {
    const never = new Promise<string>(() => {});
    expect(await within(20, never)).toBeUndefined();
  });
});

describe('withTimeout()', () => {
  it('should reject naming what timed out when the work takes longer than allowed', async () => {
    await expect(withTimeout(new Promise(() => {}), 20, 'enqueue')).rejects.toThrow('enqueue timed out after 20 ms');
  });

  it('should pass the rejection of the work itself through', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 1_000, 'x')).rejects.toThrow('boom');
  });
});
