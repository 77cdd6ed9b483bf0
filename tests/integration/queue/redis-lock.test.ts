/** RedisLocks on real Redis: one holder at a time per name, others wait or give up. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLocks } from '../../../src/queue/redis-lock.ts';
import { createProducerConnection } from '../../../src/queue/redis.ts';

const redis = createProducerConnection(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6391');
const prefix = `test-lock-${randomBytes(4).toString('hex')}`;

describe('RedisLocks', () => {
  beforeAll(async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('should run holders of one name one after the other and different names side by side', async () => {
    const locks = new RedisLocks(redis, { prefix, pollMs: 5 });
    const trace: string[] = [];
    const hold = (name: string, label: string) =>
      locks.withLock(name, async () => {
        trace.push(`${label}+`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        trace.push(`${label}-`);
      });
    await Promise.all([hold('a', 'a1'), hold('a', 'a2'), hold('b', 'b1')]);
    // The two holders of "a" never overlap: each start is followed by its own end.
    const a = trace.filter((t) => t.startsWith('a'));
    expect(a.map((t) => t.slice(-1))).toEqual(['+', '-', '+', '-']);
    expect(a[1]).toBe(`${a[0]!.slice(0, 2)}-`);
    // "b" did not wait for both "a" holders.
    expect(trace.indexOf('b1+')).toBeLessThan(trace.lastIndexOf(a[3]!));
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('should give up with a retryable error when the lock stays taken, and release after a failure', async () => {
    const patient = new RedisLocks(redis, { prefix, waitMs: 2_000, pollMs: 5 });
    const impatient = new RedisLocks(redis, { prefix, waitMs: 50, pollMs: 5 });
    let release!: () => void;
    const held = patient.withLock('c', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(impatient.withLock('c', async () => 1)).rejects.toMatchObject({ code: 'lock_busy', retryable: true });
    release();
    await held;
    await expect(patient.withLock('c', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await impatient.withLock('c', async () => 'free')).toBe('free');
  });
});
