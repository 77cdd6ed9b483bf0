/**
 * Per-API call budget shared by every process through Redis (PROTOCOL §4.11).
 *
 * - Fixed one-minute windows: `INCR` a counter per corp + API + window, `PEXPIRE` it on
 *   the first hit. WeCom's own limit is 10 000 / min per corp per API; ours keeps us under.
 * - A pause key per API, set when WeCom answers 45009. WeCom then blocks the API for 60 s
 *   (minute limits) and calls meanwhile only fail, so every process fails fast with
 *   {@link RateLimitedError} without any HTTP request, and its job is delayed.
 */
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../shared/clock.ts';
import { RateLimitedError } from './errors.ts';

/** Options of {@link WecomRateLimiter}. */
export interface RateLimiterOptions {
  redis: Redis;
  corpId: string;
  /** Calls per window per API. @defaultValue 10_000 (WeCom's per-corp, per-API minute limit) */
  limitPerWindow?: number;
  /** Window length. @defaultValue 60_000 */
  windowMs?: number;
  /** Pause after a 45009 answer. @defaultValue 60_000 (WeCom's minute lock-out) */
  pauseMs?: number;
  /** Source of "now" for window boundaries. @defaultValue systemClock */
  clock?: Clock;
}

// KEYS: pause, counter. ARGV: window TTL ms, limit. Returns {0} ok, {1, pttl} paused,
// {2} over the limit. One script so the check and the count are atomic.
const ACQUIRE = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {1, paused} end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
if count > tonumber(ARGV[2]) then return {2, 0} end
return {0, 0}`;

/** Shared per-API rate limiter and 45009 pause switch. */
export class WecomRateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  /** How long {@link pause} holds an API by default. */
  readonly pauseMs: number;
  private readonly clock: Clock;

  constructor(private readonly options: RateLimiterOptions) {
    this.limit = options.limitPerWindow ?? 10_000;
    this.windowMs = options.windowMs ?? 60_000;
    this.pauseMs = options.pauseMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Takes one call from the budget of `api`.
   * @param api - API path without query, e.g. `/cgi-bin/externalcontact/get`
   * @throws RateLimitedError (retryable) while the API is paused or over the limit
   */
  async acquire(api: string): Promise<void> {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / this.windowMs);
    const counterKey = `wecom:${this.options.corpId}:ratelimit:${api}:${window}`;
    // The counter outlives its window a little so a late INCR never restarts a stale count.
    const result = (await this.options.redis.eval(ACQUIRE, 2, this.pauseKey(api), counterKey, this.windowMs * 2, this.limit)) as [number, number];
    const [status, pausedMs] = result;
    if (status === 1) throw new RateLimitedError(api, pausedMs, 'paused');
    if (status === 2) throw new RateLimitedError(api, (window + 1) * this.windowMs - now, 'limit');
  }

  /**
   * Holds every call to `api` (in all processes) for `ms`.
   * @param ms - pause length @defaultValue {@link pauseMs}
   */
  async pause(api: string, ms = this.pauseMs): Promise<void> {
    await this.options.redis.set(this.pauseKey(api), String(this.clock.now().getTime()), 'PX', ms);
  }

  /** Remaining pause of `api` in ms, 0 when not paused. */
  async pausedFor(api: string): Promise<number> {
    return Math.max(0, await this.options.redis.pttl(this.pauseKey(api)));
  }

  private pauseKey(api: string): string {
    return `wecom:${this.options.corpId}:pause:${api}`;
  }
}
