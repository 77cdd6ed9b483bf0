/**
 * Access tokens (later jsapi tickets) shared by every process through Redis
 * (architecture convention 15, PROTOCOL §4.1).
 *
 * - Key `wecom:<corpId>:<agentOrKind>:<kind>`, value `{ token, refreshAt }` JSON, Redis
 *   TTL = the real lifetime; readers treat the token as expired at `refreshAt`, a margin
 *   before that.
 * - Single flight: one in-process promise per key, plus a Redis `SET NX PX` lock so that
 *   many processes together make one fetch. A process that loses the lock polls the cache,
 *   takes the lock if the holder gave up, and after `pollTimeoutMs` fetches by itself
 *   rather than wait for ever.
 * - `invalidate()` is compare-and-delete, so a fresh token another process just stored is
 *   never dropped by a caller holding the old one.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../shared/clock.ts';

/** A freshly fetched token and its lifetime as WeCom reported it. */
export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

/** Options of {@link TokenStore}. */
export interface TokenStoreOptions<K extends string> {
  redis: Redis;
  /** Redis key of a kind; build it with {@link tokenKey}. */
  keyFor: (kind: K) => string;
  /** Fetches a new token (the `gettoken` call); the store itself does no HTTP. */
  fetchToken: (kind: K) => Promise<FetchedToken>;
  /** Source of "now" for expiry decisions. @defaultValue systemClock */
  clock?: Clock;
  /** Treat tokens as expired this long before WeCom does. @defaultValue 300_000 (5 min) */
  marginMs?: number;
  /** Lifetime of the refresh lock; longer than one `gettoken` call. @defaultValue 15_000 */
  lockTtlMs?: number;
  /** How often a process that lost the lock looks at the cache. @defaultValue 50 */
  pollIntervalMs?: number;
  /** How long it waits before fetching by itself. @defaultValue 3_000 */
  pollTimeoutMs?: number;
}

interface Cached {
  token: string;
  refreshAt: number;
}

/** The Redis key of a token or ticket: `wecom:<corpId>:<agentOrKind>:<kind>`. */
export function tokenKey(corpId: string, agentOrKind: string, kind: string): string {
  return `wecom:${corpId}:${agentOrKind}:${kind}`;
}

// Deletes KEYS[1] only while it still holds the token ARGV[1].
const DELETE_IF_TOKEN = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, value = pcall(cjson.decode, raw)
if ok and type(value) == 'table' and value.token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// Releases the lock KEYS[1] only while we still own it (it may have expired and been retaken).
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Shared, early-expiring, single-flight token cache. */
export class TokenStore<K extends string> {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly clock: Clock;
  private readonly marginMs: number;
  private readonly lockTtlMs: number;
  private readonly pollIntervalMs: number;
  private readonly pollTimeoutMs: number;

  constructor(private readonly options: TokenStoreOptions<K>) {
    this.clock = options.clock ?? systemClock;
    this.marginMs = options.marginMs ?? 300_000;
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.pollTimeoutMs = options.pollTimeoutMs ?? 3_000;
  }

  /**
   * A valid token of `kind`: from the cache, or refreshed once for all concurrent callers.
   * @throws whatever `fetchToken` throws
   */
  async get(kind: K): Promise<string> {
    const cached = await this.read(kind);
    if (cached !== null) return cached;
    const key = this.options.keyFor(kind);
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      pending = this.refresh(kind).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /**
   * Drops the cached token of `kind` if it is still `token` (the one WeCom just rejected).
   * @returns whether it was dropped
   */
  async invalidate(kind: K, token: string): Promise<boolean> {
    const deleted = await this.options.redis.eval(DELETE_IF_TOKEN, 1, this.options.keyFor(kind), token);
    return deleted === 1;
  }

  /** The cached token, or null when missing, unreadable or inside the expiry margin. */
  private async read(kind: K): Promise<string | null> {
    const raw = await this.options.redis.get(this.options.keyFor(kind));
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Partial<Cached>;
      if (typeof value.token !== 'string' || typeof value.refreshAt !== 'number') return null;
      return this.clock.now().getTime() < value.refreshAt ? value.token : null;
    } catch {
      return null;
    }
  }

  private async refresh(kind: K): Promise<string> {
    const lockKey = `${this.options.keyFor(kind)}:lock`;
    const deadline = Date.now() + this.pollTimeoutMs;
    for (;;) {
      const cached = await this.read(kind);
      if (cached !== null) return cached;
      const owner = randomUUID();
      if ((await this.options.redis.set(lockKey, owner, 'PX', this.lockTtlMs, 'NX')) === 'OK') {
        try {
          // Double check: the previous holder may have stored a token between our read and our lock.
          return (await this.read(kind)) ?? (await this.fetchAndStore(kind));
        } finally {
          await this.options.redis.eval(RELEASE_LOCK, 1, lockKey, owner);
        }
      }
      // A holder that is slow (or stuck) must not stall every caller for the lock TTL.
      if (Date.now() >= deadline) return this.fetchAndStore(kind);
      await sleep(this.pollIntervalMs);
    }
  }

  private async fetchAndStore(kind: K): Promise<string> {
    const { token, expiresInSec } = await this.options.fetchToken(kind);
    const lifetimeMs = Math.max(1, Math.floor(expiresInSec * 1000));
    // A lifetime shorter than the margin would make every read a miss (a refresh storm):
    // then keep the token for at least half its life.
    const usableMs = Math.max(lifetimeMs - this.marginMs, Math.floor(lifetimeMs / 2));
    const value: Cached = { token, refreshAt: this.clock.now().getTime() + usableMs };
    await this.options.redis.set(this.options.keyFor(kind), JSON.stringify(value), 'PX', lifetimeMs);
    return token;
  }
}
