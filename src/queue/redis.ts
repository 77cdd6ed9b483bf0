/**
 * ioredis connections. Producers fail fast when Redis is down (no offline queue, one
 * retry), so the callback path never hangs on Redis; workers wait forever as BullMQ needs.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

export type { Redis };

/** For enqueueing: a command fails at once while Redis is unreachable. */
export function createProducerConnection(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

/** Options for BullMQ workers, which need `maxRetriesPerRequest: null`. */
export function workerConnectionOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}
