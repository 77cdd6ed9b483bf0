/**
 * The published WXBizMsgCrypt vectors through the real Koa app: GET URL verification
 * answers the decrypted echostr as the raw body, POST stores the decrypted message.
 * Also the health endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_VECTOR_A, FIXTURE_VECTOR_A_ECHOSTR_URL_ENCODED, FIXTURE_VECTOR_B, type FixtureCallbackVector } from '../../fixtures/wecom/vectors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

describe.each([
  ['A', FIXTURE_VECTOR_A],
  ['B', FIXTURE_VECTOR_B],
] as [string, FixtureCallbackVector][])('GET and POST /wecom/callback with vector %s', (_name, vector) => {
  let database: TestDatabase;
  let app: TestApp;
  // The vectors were signed in 2014/2016: pin the clock there so the replay window accepts them.
  const clock = fixedClock(new Date(Number(vector.get.timestamp) * 1000));

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock,
      callback: { corpId: vector.receiveId, token: vector.token, encodingAesKey: vector.encodingAesKey },
    });
  });

  afterAll(async () => {
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should answer URL verification with exactly the decrypted echostr', async () => {
    const { msgSignature, timestamp, nonce, echostr, expectedReply } = vector.get;
    const query = new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce, echostr });
    const response = await fetch(`${app.callbackUrl}?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(expectedReply);
  });

  it('should refuse URL verification with 401 when the signature does not match', async () => {
    const { timestamp, nonce, echostr } = vector.get;
    const query = new URLSearchParams({ msg_signature: '0'.repeat(40), timestamp, nonce, echostr });
    const response = await fetch(`${app.callbackUrl}?${query}`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(vector.get.expectedReply);
  });

  it('should store the decrypted POST message under its MsgId', async () => {
    const { msgSignature, timestamp, nonce, encrypt } = vector.post;
    clock.advance((Number(timestamp) - Number(vector.get.timestamp)) * 1000);
    const query = new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce });
    const body = `<xml><ToUserName><![CDATA[${vector.receiveId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>`;
    const response = await fetch(`${app.callbackUrl}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(200);
    const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(vector.post.expectedPlaintext)?.[1];
    const row = await database.db.inboxEvent.findUnique({ where: { dedupeKey: `msg-${msgId}` } });
    expect(row?.kind).toBe('app_message.text');
    expect(JSON.parse(row!.payload)).toMatchObject({ type: 'app_message', msgId, fromUserId: expect.any(String) });
  });
});

describe('GET /wecom/callback when a proxy decoded the query twice', () => {
  it('should still verify an echostr whose "+" arrived as spaces', async () => {
    const database = await createTestDatabase('sqlite');
    const vector = FIXTURE_VECTOR_A;
    const app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(Number(vector.get.timestamp) * 1000)),
      callback: { corpId: vector.receiveId, token: vector.token, encodingAesKey: vector.encodingAesKey },
    });
    try {
      const { msgSignature, timestamp, nonce } = vector.get;
      const doubleDecoded = decodeURIComponent(FIXTURE_VECTOR_A_ECHOSTR_URL_ENCODED).replace(/\+/g, '%20');
      const response = await fetch(`${app.callbackUrl}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=${nonce}&echostr=${doubleDecoded}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(vector.get.expectedReply);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('health endpoints', () => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date()) });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should answer /healthz with ok when the process is up', async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('should report the database and Redis as reachable in /readyz', async () => {
    const response = await fetch(`${app.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, checks: { database: { ok: true }, redis: { ok: true } } });
  });

  it('should render Prometheus metrics including queue depth', async () => {
    const response = await fetch(`${app.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toMatch(/queue_jobs\{queue="wecom-events",state="waiting"\} 0/);
  });
});
