/**
 * The shared per-API limiter against the real Redis, and the client's answer to WeCom's
 * 45009 (reliability row 11): the API pauses for every process, calls fail fast with a
 * retryable error and no HTTP request, other APIs are unaffected.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { WecomClient } from '../../../src/wecom/client.ts';
import { RateLimitedError, WecomApiError } from '../../../src/wecom/errors.ts';
import { WecomRateLimiter, type RateLimiterOptions } from '../../../src/wecom/rate-limit.ts';

const BASE = 'http://wecom.test';
const API = '/cgi-bin/externalcontact/get';
const OTHER_API = '/cgi-bin/externalcontact/get_follow_user_list';

let redis: Redis;
let corpId: string;

beforeAll(() => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? '');
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  corpId = `wwrl${randomBytes(4).toString('hex')}`;
});
afterEach(async () => {
  nock.cleanAll();
  const keys = await redis.keys(`wecom:${corpId}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

describe('WecomRateLimiter.acquire()', () => {
  const limiter = (options: Partial<RateLimiterOptions> = {}) => new WecomRateLimiter({ redis, corpId, ...options });

  it('should let calls through when the API is under its limit', async () => {
    const l = limiter({ limitPerWindow: 3 });
    for (let i = 0; i < 3; i++) await l.acquire(API);
    expect(await redis.keys(`wecom:${corpId}:ratelimit:${API}:*`)).toHaveLength(1);
  });

  it('should throw a retryable RateLimitedError until the next window when the limit is shared across processes', async () => {
    const clock = fixedClock(new Date('2025-01-01T00:00:45Z'));
    const a = limiter({ limitPerWindow: 2, clock });
    const otherRedis = redis.duplicate();
    const b = new WecomRateLimiter({ redis: otherRedis, corpId, limitPerWindow: 2, clock });
    await a.acquire(API);
    await b.acquire(API);
    const error = await b.acquire(API).catch((e: unknown) => e);
    await otherRedis.quit();
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryable: true, reason: 'limit', retryAfterMs: 15_000, api: API });
    await a.acquire(OTHER_API);
    clock.advance(15_000);
    await a.acquire(API);
  });

  it('should throw with the remaining pause when the API is paused, and not for other APIs', async () => {
    const l = limiter({ pauseMs: 60_000 });
    await l.pause(API);
    const error = await l.acquire(API).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'wecom_rate_limited', reason: 'paused', retryable: true });
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(59_000);
    expect(await l.pausedFor(API)).toBeGreaterThan(59_000);
    await l.acquire(OTHER_API);
  });

  it('should let calls through again when the pause has run out', async () => {
    const l = limiter({ pauseMs: 100 });
    await l.pause(API);
    await expect(l.acquire(API)).rejects.toBeInstanceOf(RateLimitedError);
    await sleep(150);
    await l.acquire(API);
    expect(await l.pausedFor(API)).toBe(0);
  });

  it('should keep corps apart when two corps call the same API', async () => {
    await limiter({ limitPerWindow: 1 }).acquire(API);
    const otherCorp = new WecomRateLimiter({ redis, corpId: `${corpId}x`, limitPerWindow: 1 });
    await otherCorp.acquire(API);
    await redis.del(...(await redis.keys(`wecom:${corpId}x:*`)));
  });
});

describe('WecomClient.request()', () => {
  const client = (pauseMs = 60_000) =>
    new WecomClient({ apiBase: BASE, corpId, secrets: { contact: 'S' }, redis, logger: createRootLogger('silent'), pauseMs, backoffBaseMs: 5 });

  function mockGettoken(): void {
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
  }

  it('should throw a retryable error and pause the API when WeCom answers 45009', async () => {
    mockGettoken();
    nock(BASE).get(API).query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const error = await client().request({ api: API, method: 'GET', secret: 'contact' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(error).toMatchObject({ errcode: 45009, retryable: true, retryAfterMs: 60_000 });
    expect(await redis.pttl(`wecom:${corpId}:pause:${API}`)).toBeGreaterThan(59_000);
  });

  it('should fail fast without any HTTP request when the API is paused, in every process', async () => {
    mockGettoken();
    nock(BASE).get(API).query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    await expect(client().request({ api: API, method: 'GET', secret: 'contact' })).rejects.toMatchObject({ errcode: 45009 });
    const untouched = nock(BASE).get(API).query(true).times(5).reply(200, { errcode: 0, errmsg: 'ok' });
    for (const c of [client(), client()]) {
      await expect(c.request({ api: API, method: 'GET', secret: 'contact' })).rejects.toMatchObject({ code: 'wecom_rate_limited', retryable: true });
    }
    expect(untouched.pendingMocks()).toHaveLength(1);
    expect(untouched.isDone()).toBe(false);
  });

  it('should leave other APIs callable when one API is paused', async () => {
    mockGettoken();
    nock(BASE).get(API).query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const c = client();
    await expect(c.request({ api: API, method: 'GET', secret: 'contact' })).rejects.toMatchObject({ errcode: 45009 });
    nock(BASE).get(OTHER_API).query({ access_token: 'TOKEN' }).reply(200, { errcode: 0, errmsg: 'ok', follow_user: ['u1'] });
    expect(await c.request({ api: OTHER_API, method: 'GET', secret: 'contact' })).toMatchObject({ follow_user: ['u1'] });
  });

  it('should call the API again when the pause has run out', async () => {
    mockGettoken();
    nock(BASE).get(API).query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const c = client(100);
    await expect(c.request({ api: API, method: 'GET', secret: 'contact' })).rejects.toMatchObject({ errcode: 45009 });
    await sleep(150);
    nock(BASE).get(API).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    expect(await c.request({ api: API, method: 'GET', secret: 'contact' })).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('should throw RateLimitedError before fetching a token when the budget is used up', async () => {
    const c = new WecomClient({ apiBase: BASE, corpId, secrets: { contact: 'S' }, redis, logger: createRootLogger('silent'), rateLimitPerMinute: 1 });
    mockGettoken();
    nock(BASE).get(API).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    await c.request({ api: API, method: 'GET', secret: 'contact' });
    await expect(c.request({ api: API, method: 'GET', secret: 'contact' })).rejects.toMatchObject({ code: 'wecom_rate_limited', reason: 'limit' });
  });
});
