/**
 * WecomClient.request() with a deadline: a call whose deadline has passed is never sent
 * (a WelcomeCode used late is wasted and logged by WeCom as an error), and the request
 * timeout shrinks to what is left.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { WecomClient } from '../../../src/wecom/client.ts';
import { WecomDeadlineError, WecomTransportError } from '../../../src/wecom/errors.ts';

const BASE = 'http://wecom-deadline.test';
const API = '/cgi-bin/externalcontact/send_welcome_msg';

describe('WecomClient.request() with a deadline', () => {
  let redis: Redis;
  const corpId = `wwdl${randomBytes(4).toString('hex')}`;
  const clock = fixedClock(new Date('2026-11-27T08:00:00Z'));

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? '');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    const keys = await redis.keys(`wecom:${corpId}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const client = () =>
    new WecomClient({ apiBase: BASE, corpId, secrets: { contact: 'secret' }, redis, logger: createRootLogger('silent'), clock });

  it('should not send the request when the deadline has already passed', async () => {
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'T1', expires_in: 7200 });
    const send = nock(BASE).post(API).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    const error = await client()
      .request({ api: API, method: 'POST', body: { welcome_code: 'C' }, secret: 'contact', deadline: clock.now().getTime() - 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomDeadlineError);
    expect((error as WecomDeadlineError).retryable).toBe(false);
    expect(send.isDone()).toBe(false);
  });

  it('should give up waiting for the answer at the deadline', async () => {
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'T1', expires_in: 7200 });
    nock(BASE).post(API).query(true).delay(2_000).reply(200, { errcode: 0, errmsg: 'ok' });
    const started = Date.now();
    const error = await client()
      .request({ api: API, method: 'POST', body: { welcome_code: 'C' }, secret: 'contact', deadline: clock.now().getTime() + 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomTransportError);
    expect((error as WecomTransportError).code).toBe('wecom_timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
