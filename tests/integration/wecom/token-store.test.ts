/**
 * TokenStore against the real Redis: caching with an expiry margin, single flight within
 * and across "processes" (two stores on two connections), compare-and-delete invalidation,
 * and the fall-backs when the lock holder fails or hangs.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { TokenStore, tokenKey, type FetchedToken, type TokenStoreOptions } from '../../../src/wecom/token-store.ts';

type Kind = 'contact' | 'agent';

describe('TokenStore', () => {
  let redis: Redis;
  let other: Redis;
  let corpId: string;
  let fetches: Kind[];

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? '');
    other = new Redis(process.env.TEST_REDIS_URL ?? '');
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });
  beforeEach(() => {
    corpId = `wwts${randomBytes(4).toString('hex')}`;
    fetches = [];
  });
  afterEach(async () => {
    const keys = await redis.keys(`wecom:${corpId}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  /** A fetcher that counts calls and hands out token-1, token-2, … after `delayMs`. */
  function counting(delayMs = 20, expiresInSec = 7200): (kind: Kind) => Promise<FetchedToken> {
    return async (kind) => {
      fetches.push(kind);
      await sleep(delayMs);
      return { token: `${kind}-token-${fetches.length}`, expiresInSec };
    };
  }

  function store(options: Partial<TokenStoreOptions<Kind>> = {}): TokenStore<Kind> {
    return new TokenStore<Kind>({
      redis,
      keyFor: (kind) => tokenKey(corpId, kind === 'agent' ? '1000002' : 'contact', 'access_token'),
      fetchToken: counting(),
      pollIntervalMs: 10,
      pollTimeoutMs: 2_000,
      ...options,
    });
  }

  it('should fetch once and serve the cache when asked again', async () => {
    const tokens = store();
    expect(await tokens.get('contact')).toBe('contact-token-1');
    expect(await tokens.get('contact')).toBe('contact-token-1');
    expect(fetches).toEqual(['contact']);
    expect(await redis.pttl(`wecom:${corpId}:contact:access_token`)).toBeGreaterThan(7_000_000);
  });

  it('should keep kinds apart when each has its own key', async () => {
    const tokens = store();
    expect(await tokens.get('contact')).toBe('contact-token-1');
    expect(await tokens.get('agent')).toBe('agent-token-2');
    expect(await redis.exists(`wecom:${corpId}:1000002:access_token`)).toBe(1);
  });

  it('should make one fetch when 50 callers in each of two processes miss the cache together', async () => {
    const a = store({ fetchToken: counting(100) });
    const b = store({ redis: other, fetchToken: counting(100) });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).get('contact')));
    expect(fetches).toHaveLength(1);
    expect(new Set(results)).toEqual(new Set(['contact-token-1']));
  });

  it('should refresh when the cached token is inside the expiry margin', async () => {
    const clock = fixedClock(new Date('2025-01-01T00:00:00Z'));
    const tokens = store({ clock, marginMs: 300_000 });
    expect(await tokens.get('contact')).toBe('contact-token-1');
    clock.advance(7200_000 - 300_001);
    expect(await tokens.get('contact')).toBe('contact-token-1');
    clock.advance(2);
    expect(await tokens.get('contact')).toBe('contact-token-2');
    expect(fetches).toHaveLength(2);
  });

  it('should keep a token for half its life when its lifetime is shorter than the margin', async () => {
    const clock = fixedClock(new Date('2025-01-01T00:00:00Z'));
    const tokens = store({ clock, marginMs: 300_000, fetchToken: counting(0, 60) });
    await tokens.get('contact');
    clock.advance(29_000);
    await tokens.get('contact');
    expect(fetches).toHaveLength(1);
    clock.advance(2_000);
    await tokens.get('contact');
    expect(fetches).toHaveLength(2);
  });

  it('should drop the token when invalidated with the token that failed', async () => {
    const tokens = store();
    const first = await tokens.get('contact');
    expect(await tokens.invalidate('contact', first)).toBe(true);
    expect(await tokens.get('contact')).toBe('contact-token-2');
  });

  it('should keep a fresh token when invalidated with an older one', async () => {
    const a = store();
    const b = store({ redis: other });
    const old = await a.get('contact');
    await a.invalidate('contact', old);
    const fresh = await b.get('contact');
    expect(await a.invalidate('contact', old)).toBe(false);
    expect(await a.get('contact')).toBe(fresh);
    expect(fetches).toHaveLength(2);
  });

  it('should let a waiting process take over when the lock holder fails', async () => {
    let failFirst = true;
    const failing = store({
      fetchToken: async () => {
        await sleep(50);
        if (failFirst) {
          failFirst = false;
          throw new Error('gettoken failed');
        }
        return { token: 'never', expiresInSec: 7200 };
      },
    });
    const waiting = store({ redis: other });
    const [failed, token] = await Promise.allSettled([failing.get('contact'), sleep(10).then(() => waiting.get('contact'))]);
    expect(failed.status).toBe('rejected');
    expect(token).toEqual({ status: 'fulfilled', value: 'contact-token-1' });
  });

  it('should fetch by itself when the lock stays taken past the poll timeout', async () => {
    await redis.set(`wecom:${corpId}:contact:access_token:lock`, 'stuck-process', 'PX', 60_000);
    const tokens = store({ pollTimeoutMs: 200 });
    const started = Date.now();
    expect(await tokens.get('contact')).toBe('contact-token-1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(fetches).toHaveLength(1);
  });

  it('should release the lock when the refresh is done', async () => {
    await store().get('contact');
    expect(await redis.exists(`wecom:${corpId}:contact:access_token:lock`)).toBe(0);
  });
});
