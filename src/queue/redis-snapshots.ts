/**
 * SnapshotStore in Redis: one hash per key (computedAt, json) with an expiry, shared by
 * every web and worker process, so a figure computed once serves them all.
 */
import type { Redis } from 'ioredis';
import type { SnapshotStore } from '../domain/ports.ts';

export class RedisSnapshots implements SnapshotStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'snapshot',
  ) {}

  async read(key: string): Promise<{ computedAt: number; json: string } | null> {
    const [computedAt, json] = await this.redis.hmget(`${this.prefix}:${key}`, 'computedAt', 'json');
    return computedAt == null || json == null ? null : { computedAt: Number(computedAt), json };
  }

  async write(key: string, json: string, computedAt: number, keepSeconds: number): Promise<void> {
    await this.redis.multi().hset(`${this.prefix}:${key}`, { computedAt: String(computedAt), json }).expire(`${this.prefix}:${key}`, keepSeconds).exec();
  }

  async claimRefresh(key: string, seconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:${key}:refreshing`, '1', 'EX', seconds, 'NX')) === 'OK';
  }
}
