/**
 * POST /wecom/callback through the real Koa app, a real database (SQLite and PostgreSQL)
 * and real Redis: acknowledged events land in the inbox and in BullMQ, replays do not,
 * and every kind of bad input is refused without writing anything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import {
  FIXTURE_CHAT_UPDATE_XML,
  FIXTURE_CONTACT_ADD_XML,
  FIXTURE_CORP_ID,
  FIXTURE_ENCODING_AES_KEY,
  FIXTURE_TOKEN,
  FIXTURE_UNKNOWN_EVENT_XML,
} from '../../fixtures/wecom/events.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';

const FIXTURE_NOW_SEC = 1717000000;
const SIGNING = { token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID };

function signed(xml: string, overrides: Partial<Parameters<typeof buildSignedCallback>[0]> = {}) {
  return buildSignedCallback({ ...SIGNING, xml, timestamp: String(FIXTURE_NOW_SEC), ...overrides });
}

describe.each(PROVIDERS)('POST /wecom/callback (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;

  const post = (query: Record<string, string>, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.callbackUrl}?${toQueryString(query)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...headers },
      body,
    });
  const rowCount = () => database.db.inboxEvent.count();
  const jobCounts = () => app.container.eventQueue.queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    // The web role only: jobs stay in Redis where the test can see them.
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date(FIXTURE_NOW_SEC * 1000)) });
  });

  afterEach(async () => {
    await app.container.eventQueue.queue.obliterate({ force: true });
    await database.db.inboxEvent.deleteMany();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should store the event, queue one job keyed by its dedupe key and answer an empty 200 when the delivery is valid', async () => {
    const { query, body } = signed(FIXTURE_CONTACT_ADD_XML);
    const response = await post(query, body);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const rows = await database.db.inboxEvent.findMany();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.kind).toBe('contact_changed.add_external_contact');
    expect(row.status).toBe('received');
    expect(JSON.parse(row.payload)).toMatchObject({
      type: 'contact_changed',
      change: 'add_external_contact',
      userId: 'sales.li',
      externalUserId: 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0001',
      state: 'expo2024-booth3',
    });
    await waitUntil(async () => (await app.container.eventQueue.queue.getJob(row.dedupeKey)) !== undefined, 5_000, 'the job');
    const job = await app.container.eventQueue.queue.getJob(row.dedupeKey);
    expect(job?.data).toEqual({ dedupeKey: row.dedupeKey });
  });

  it('should keep one inbox row and one job when WeCom delivers the same event three times', async () => {
    // Each WeCom retry is encrypted afresh (new random bytes, new nonce) around the same inner XML.
    const deliveries = [1, 2, 3].map((n) => signed(FIXTURE_CONTACT_ADD_XML, { nonce: `nonce${n}` }));
    const statuses = await Promise.all(deliveries.map(({ query, body }) => post(query, body).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200]);
    const again = await post(deliveries[0]!.query, deliveries[0]!.body);
    expect(again.status).toBe(200);

    expect(await rowCount()).toBe(1);
    await waitUntil(async () => (await jobCounts()).waiting === 1, 5_000, 'the job');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await jobCounts()).waiting).toBe(1);
  });

  it('should store distinct events that share FromUserName and CreateTime as separate rows', async () => {
    const xmls = ['wmCustomer000000000000000000001', 'wmCustomer000000000000000000002'].map((externalUserId) =>
      sampleEventXml('add_external_contact', { corpId: FIXTURE_CORP_ID, createTime: FIXTURE_NOW_SEC, externalUserId }),
    );
    for (const xml of xmls) {
      const { query, body } = signed(xml);
      expect((await post(query, body)).status).toBe(200);
    }
    expect(await rowCount()).toBe(2);
  });

  it('should store chat changes and events it does not model, so nothing acknowledged is dropped', async () => {
    for (const xml of [FIXTURE_CHAT_UPDATE_XML, FIXTURE_UNKNOWN_EVENT_XML]) {
      const { query, body } = signed(xml);
      expect((await post(query, body)).status).toBe(200);
    }
    const kinds = (await database.db.inboxEvent.findMany({ orderBy: { kind: 'asc' } })).map((r) => r.kind);
    expect(kinds).toEqual(['chat_changed.update', 'unknown']);
  });

  describe('bad input', () => {
    const valid = () => signed(FIXTURE_CONTACT_ADD_XML);

    it.each([
      ['a forged signature', () => ({ ...valid(), query: { ...valid().query, msg_signature: 'f'.repeat(40) } }), 401, 'wecom_signature_mismatch'],
      ['a missing signature', () => ({ ...valid(), query: { timestamp: String(FIXTURE_NOW_SEC), nonce: '1' } as Record<string, string> }), 401, 'wecom_signature_missing'],
      ['a timestamp 11 minutes old', () => signed(FIXTURE_CONTACT_ADD_XML, { timestamp: String(FIXTURE_NOW_SEC - 660) }), 401, 'wecom_stale_timestamp'],
      ['a message encrypted for another corp', () => signed(FIXTURE_CONTACT_ADD_XML, { corpId: 'wwSomeOtherCorp000' }), 401, 'wecom_receive_id_mismatch'],
      ['an envelope that is not XML', () => ({ ...valid(), body: 'hello' }), 400, 'malformed_envelope'],
      ['an envelope with a DOCTYPE', () => ({ ...valid(), body: `<!DOCTYPE x [<!ENTITY e "boom">]>${valid().body}` }), 400, 'malformed_envelope'],
      ['an inner message that is not XML', () => signed('<xml><ToUserName>unclosed'), 400, 'malformed_event'],
      ['an inner message with an entity declaration', () => signed(`<!DOCTYPE x [<!ENTITY e "boom">]>${FIXTURE_CONTACT_ADD_XML}`), 400, 'malformed_event'],
    ])('should refuse %s and write nothing', async (_name, build, status, code) => {
      const { query, body } = build();
      const response = await post(query, body);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ ok: false, error: code });
      expect(await rowCount()).toBe(0);
      expect((await jobCounts()).waiting).toBe(0);
    });

    it('should refuse a body over 1 MB with 413 without storing it', async () => {
      const { query } = valid();
      const response = await post(query, `<xml><Encrypt>${'A'.repeat(2 * 1024 * 1024)}</Encrypt></xml>`);
      expect(response.status).toBe(413);
      expect(await rowCount()).toBe(0);
    });

    it('should refuse a JSON body with 415', async () => {
      const { query, body } = valid();
      const response = await post(query, body, { 'content-type': 'application/json' });
      expect(response.status).toBe(415);
      expect(await rowCount()).toBe(0);
    });

    it('should count refusals by reason in /metrics and never echo stack traces', async () => {
      const { query, body } = valid();
      const response = await post({ ...query, msg_signature: '0'.repeat(40) }, body);
      const text = await response.text();
      expect(text).not.toMatch(/at .*\.ts:\d+/);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/wecom_callbacks_rejected_total\{reason="wecom_signature_mismatch"\} [1-9]/);
    });
  });
});
