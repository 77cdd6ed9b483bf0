/**
 * WecomClient.request() against the real Redis with WeCom mocked by nock: token caching
 * across calls and processes, the refresh-once rule (reliability row 10), backoff on busy
 * answers, timeouts, configuration errors, log redaction and 64-bit ids.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { WecomClient, type WecomClientOptions } from '../../../src/wecom/client.ts';
import { WecomApiError } from '../../../src/wecom/errors.ts';

const BASE = 'http://wecom.test';
const API = '/cgi-bin/externalcontact/get';
const FIXTURE_SECRET = 'FIXTURE_CONTACT_SECRET_value';
const OK = { errcode: 0, errmsg: 'ok', external_contact: { external_userid: 'wmFixture' } };

describe('WecomClient.request()', () => {
  let redis: Redis;
  let corpId: string;
  let gettokenCalls: number;

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? '');
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    corpId = `wwcl${randomBytes(4).toString('hex')}`;
    gettokenCalls = 0;
  });
  afterEach(async () => {
    nock.cleanAll();
    const keys = await redis.keys(`wecom:${corpId}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  function client(options: Partial<WecomClientOptions> = {}): WecomClient {
    return new WecomClient({
      apiBase: BASE,
      corpId,
      secrets: { contact: FIXTURE_SECRET },
      redis,
      logger: createRootLogger('silent'),
      backoffBaseMs: 5,
      tokenPoll: { intervalMs: 10, timeoutMs: 2_000 },
      ...options,
    });
  }

  /** gettoken answers tokens[0], tokens[1], … (up to 10 calls, all counted). */
  function mockGettoken(tokens: string[], expiresIn = 7200): nock.Scope {
    return nock(BASE)
      .get('/cgi-bin/gettoken')
      .query({ corpid: corpId, corpsecret: FIXTURE_SECRET })
      .times(10)
      .reply(() => [200, { errcode: 0, errmsg: 'ok', access_token: tokens[gettokenCalls++] ?? 'EXTRA', expires_in: expiresIn }]);
  }

  /** The API answers `body` for calls made with `token`. */
  function mockApi(token: string, body: object, times = 1): nock.Scope {
    return nock(BASE)
      .get(API)
      .query((q) => q.access_token === token && q.external_userid === 'wmFixture')
      .times(times)
      .reply(200, body);
  }

  const get = (c: WecomClient) => c.request<typeof OK>({ api: API, method: 'GET', query: { external_userid: 'wmFixture' }, secret: 'contact' });

  it('should fetch the token once and reuse it when called again and from a second client', async () => {
    mockGettoken(['TOKEN_A']);
    const api = mockApi('TOKEN_A', OK, 3);
    expect(await get(client())).toEqual(OK);
    const second = client();
    await get(second);
    await get(second);
    expect(gettokenCalls).toBe(1);
    expect(api.isDone()).toBe(true);
  });

  it('should fetch a new token when the cached one is inside the expiry margin', async () => {
    const clock = fixedClock(new Date('2025-01-01T00:00:00Z'));
    mockGettoken(['TOKEN_A', 'TOKEN_B']);
    mockApi('TOKEN_A', OK);
    mockApi('TOKEN_B', OK);
    const c = client({ clock, tokenMarginMs: 60_000 });
    await get(c);
    clock.advance(7200_000 - 59_000);
    await get(c);
    expect(gettokenCalls).toBe(2);
  });

  it.each([42001, 40014])('should refresh once and retry when WeCom answers %i', async (errcode) => {
    mockGettoken(['TOKEN_OLD', 'TOKEN_NEW']);
    mockApi('TOKEN_OLD', OK);
    await get(client());
    mockApi('TOKEN_OLD', { errcode, errmsg: 'access_token expired' });
    const retried = mockApi('TOKEN_NEW', OK);
    expect(await get(client())).toEqual(OK);
    expect(gettokenCalls).toBe(2);
    expect(retried.isDone()).toBe(true);
  });

  it('should throw without another refresh when the fresh token is rejected too', async () => {
    mockGettoken(['TOKEN_OLD', 'TOKEN_NEW']);
    mockApi('TOKEN_OLD', { errcode: 42001, errmsg: 'access_token expired' });
    mockApi('TOKEN_NEW', { errcode: 42001, errmsg: 'access_token expired' });
    await expect(get(client())).rejects.toMatchObject({ code: 'wecom_api_error', errcode: 42001 });
    expect(gettokenCalls).toBe(2);
  });

  it('should make exactly one gettoken call when 100 concurrent calls find the token invalidated', async () => {
    mockGettoken(['TOKEN_OLD', 'TOKEN_NEW']);
    mockApi('TOKEN_OLD', OK);
    // Two "processes": separate clients (own in-process maps) on separate connections.
    const otherRedis = redis.duplicate();
    const [a, b] = [client(), client({ redis: otherRedis })];
    await get(a);
    expect(gettokenCalls).toBe(1);
    let oldCalls = 0;
    let newCalls = 0;
    nock(BASE)
      .get(API)
      .query((q) => q.access_token === 'TOKEN_OLD')
      .times(200)
      .reply(() => (oldCalls++, [200, { errcode: 42001, errmsg: 'access_token expired' }]));
    nock(BASE)
      .get(API)
      .query((q) => q.access_token === 'TOKEN_NEW')
      .times(200)
      .reply(() => (newCalls++, [200, OK]));
    try {
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => get(i % 2 === 0 ? a : b)));
      expect(results).toEqual(Array.from({ length: 100 }, () => OK));
      // The priming call plus exactly one refresh for all 100 callers in both processes.
      expect(gettokenCalls).toBe(2);
      expect(oldCalls).toBe(100);
      expect(newCalls).toBe(100);
    } finally {
      await otherRedis.quit();
    }
  });

  it('should succeed after backoff when WeCom is busy twice', async () => {
    mockGettoken(['TOKEN_A']);
    mockApi('TOKEN_A', { errcode: -1, errmsg: 'system busy' }, 2);
    mockApi('TOKEN_A', OK);
    expect(await get(client())).toEqual(OK);
  });

  it('should throw a retryable error when WeCom stays busy for every attempt', async () => {
    mockGettoken(['TOKEN_A']);
    const busy = mockApi('TOKEN_A', { errcode: 45033, errmsg: 'api concurrent out of limit' }, 3);
    const spare = mockApi('TOKEN_A', OK);
    await expect(get(client())).rejects.toMatchObject({ errcode: 45033, retryable: true });
    expect(busy.isDone()).toBe(true);
    expect(spare.isDone()).toBe(false);
  });

  it('should throw a retryable timeout error when WeCom does not answer in time', async () => {
    mockGettoken(['TOKEN_A']);
    nock(BASE).get(API).query(true).delay(500).reply(200, OK);
    await expect(get(client({ timeoutMs: 50 }))).rejects.toMatchObject({ code: 'wecom_timeout', retryable: true });
  });

  it('should throw a retryable network error naming the socket error when nothing listens', async () => {
    // Loopback is allowed through nock (tests/setup/integration.ts); port 1 has no listener.
    const closed = client({ apiBase: 'http://127.0.0.1:1' });
    const error = await closed.tokens.get('contact').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'wecom_network_error', retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('should throw a non-retryable error and log it once when the secret is invalid (40001)', async () => {
    const lines: string[] = [];
    const logger = createRootLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) }));
    nock(BASE).get('/cgi-bin/gettoken').query(true).times(2).reply(200, { errcode: 40001, errmsg: 'invalid credential' });
    const c = client({ logger });
    for (let i = 0; i < 2; i++) {
      const error = await get(c).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WecomApiError);
      expect(error).toMatchObject({ errcode: 40001, retryable: false, api: '/cgi-bin/gettoken' });
    }
    expect(lines.filter((line) => line.includes('configuration error'))).toHaveLength(1);
  });

  it('should fail with wecom_secret_missing and no HTTP when the secret kind is not configured', async () => {
    await expect(client().request({ api: '/cgi-bin/message/send', method: 'POST', body: {}, secret: 'agent' })).rejects.toMatchObject({
      code: 'wecom_secret_missing',
      retryable: false,
    });
  });

  it('should never write the access_token or the secret to the log when calls succeed, retry and fail', async () => {
    const lines: string[] = [];
    const logger = createRootLogger('trace', new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) }));
    mockGettoken(['SECRET_TOKEN_OLD_123', 'SECRET_TOKEN_NEW_456']);
    mockApi('SECRET_TOKEN_OLD_123', OK);
    mockApi('SECRET_TOKEN_OLD_123', { errcode: 42001, errmsg: 'expired' });
    mockApi('SECRET_TOKEN_NEW_456', { errcode: -1, errmsg: 'busy' }, 3);
    nock(BASE).post('/cgi-bin/externalcontact/remark').query(true).reply(500, 'oops');
    const c = client({ logger });
    await get(c);
    await expect(get(c)).rejects.toMatchObject({ errcode: -1 });
    await expect(c.request({ api: '/cgi-bin/externalcontact/remark', method: 'POST', body: { userid: 'u' }, secret: 'contact' })).rejects.toMatchObject({
      code: 'wecom_http_status',
    });
    const output = lines.join('');
    expect(output).toContain(API);
    expect(output).not.toMatch(/SECRET_TOKEN|access_token=|FIXTURE_CONTACT_SECRET/);
  });

  it('should return integers beyond 2^53 as strings when the answer carries large ids', async () => {
    mockGettoken(['TOKEN_A']);
    nock(BASE)
      .post('/cgi-bin/externalcontact/add_msg_template')
      .query({ access_token: 'TOKEN_A' })
      .reply(200, '{"errcode":0,"errmsg":"ok","msgid":18446744073709551615,"fail_list":[]}', { 'content-type': 'application/json' });
    const answer = await client().request<{ msgid: unknown }>({ api: '/cgi-bin/externalcontact/add_msg_template', method: 'POST', body: { chat_type: 'single' }, secret: 'contact' });
    expect(answer.msgid).toBe('18446744073709551615');
  });
});
