/**
 * Short mutual exclusion across processes through Redis (SET NX PX, released only by
 * its holder). Used where a read-modify-write must not interleave, e.g. two workers
 * changing the same relation's tags: without it both read the old tags and both call
 * mark_tag and record the change.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Locks } from '../domain/ports.ts';
import { AppError } from '../shared/errors.ts';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export class RedisLocks implements Locks {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix?: string; ttlMs?: number; waitMs?: number; pollMs?: number } = {},
  ) {}

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.options.prefix ?? 'lock'}:${name}`;
    const token = randomUUID();
    const ttlMs = this.options.ttlMs ?? 15_000;
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    while ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      // Retryable: the job runs again later, when the holder is done or its lock expired.
      if (Date.now() > deadline) throw new AppError('lock_busy', `${name} is busy`, { status: 503, retryable: true });
      await sleep(this.options.pollMs ?? 20);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
