/**
 * Quality alerts through the real app (container, Koa, SQL on SQLite and PostgreSQL;
 * message/send mocked by nock): a sensitive outbound message raises one alert and one
 * app message to the lead, and nothing more when re-ingested; a reply timeout across the
 * end of Friday's working hours counts working minutes only; the weekly summary's
 * median and p90 first-reply times.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessages } from '../../../src/app/ingest-messages.ts';
import { zonedInstant } from '../../../src/domain/local-time.ts';
import type { NewChatMessage } from '../../../src/domain/messages/chat-message.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { nockWecomTokens, startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const API = 'http://wecom-quality.test';
const ADMIN_TOKEN = 'quality-test-admin-token-0000001';
const AGENT_ID = '1000002';
/** Unix seconds of a Shanghai wall time (the week of Monday 2026-11-23). */
const at = (date: string, hhmm: string) => zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai');

let seq = 0;
const message = (direction: 'in' | 'out', externalUserId: string, sentAt: number, text = '好的'): NewChatMessage => ({
  source: 'archive',
  sourceMessageId: `q-${++seq}`,
  userId: 'li',
  externalUserId,
  direction,
  msgType: 'text',
  text,
  sentAt,
});

/** Captures message/send bodies; `times` calls expected. */
function mockMessageSend(bodies: Record<string, unknown>[], times = 1): nock.Scope {
  return nock(API)
    .post('/cgi-bin/message/send', (body: Record<string, unknown>) => Boolean(bodies.push(body)))
    .query({ access_token: 'TOKEN' })
    .times(times)
    .reply(200, { errcode: 0, errmsg: 'ok', invaliduser: '', invalidparty: '', invalidtag: '', unlicenseduser: '', msgid: 'm1' });
}

describe.each(PROVIDERS)('quality alerts (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  const clock = fixedClock(new Date(at('2026-11-26', '15:00') * 1000));
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api/admin/quality${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const runTimeouts = () => app.container.maintenanceTasks.find((task) => task.name === 'quality-reply-timeouts')!.run();

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock,
      env: { WECOM_API_BASE: API, WECOM_AGENT_ID: AGENT_ID, WECOM_AGENT_SECRET: 'agent-secret', ADMIN_TOKEN },
    });
    await nockWecomTokens(app, API);
    expect((await admin('PUT', '/leads', { leads: { li: 'boss' } })).status).toBe(200);
    const rule = await admin('POST', '/rules', { name: '返现', kind: 'word', pattern: '返现', matchMode: 'fuzzy' });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ directions: ['out'], userIds: [], enabled: true });
  });

  afterEach(() => {
    expect(nock.pendingMocks().filter((m) => !m.includes('gettoken'))).toEqual([]);
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it('should refuse a regex that does not compile and a working day that ends before it starts', async () => {
    const bad = await admin('POST', '/rules', { name: 'x', kind: 'regex', pattern: '(', matchMode: 'whole' });
    expect(bad).toMatchObject({ status: 400, body: { message: 'pattern: not a valid regular expression' } });
    const hours = await admin('PUT', '/settings', { workingHours: { weekdays: [1], from: '18:00', to: '09:00' }, replyTimeoutMinutes: 30 });
    expect(hours).toMatchObject({ status: 400, body: { message: 'workingHours: from must be before to' } });
  });

  it('should alert the lead once for a sensitive outbound message, and not again when it is re-ingested', async () => {
    const bodies: Record<string, unknown>[] = [];
    mockMessageSend(bodies);
    const sensitive = message('out', 'wmA', at('2026-11-26', '15:00'), '下单就给您返 现哦');
    await ingestMessages(app.container.messageDeps, [sensitive, message('in', 'wmA', at('2026-11-26', '14:59'), '返现吗')]);
    expect(bodies).toEqual([
      expect.objectContaining({ touser: 'boss', msgtype: 'text', agentid: Number(AGENT_ID), text: { content: expect.stringContaining('返现') as string } }),
    ]);
    await ingestMessages(app.container.messageDeps, [sensitive]);
    const { body } = await admin('GET', '/alerts?userId=li&kind=sensitive');
    expect(body.items).toEqual([expect.objectContaining({ kind: 'sensitive', userId: 'li', externalUserId: 'wmA', detail: '返现', leadUserId: 'boss', notifyStatus: 'sent' })]);
  });

  it('should count a reply timeout across the end of working hours in working minutes only', async () => {
    await ingestMessages(app.container.messageDeps, [message('in', 'wmB', at('2026-11-27', '17:50'), '在吗')]);
    // Monday 09:10: 10 minutes on Friday + 10 on Monday = 20 < 30.
    clock.advance((at('2026-11-30', '09:10') - at('2026-11-26', '15:00')) * 1000);
    expect(await runTimeouts()).toEqual({ raised: 0, retried: 0 });
    clock.advance(10 * 60_000);
    const bodies: Record<string, unknown>[] = [];
    mockMessageSend(bodies);
    expect(await runTimeouts()).toEqual({ raised: 1, retried: 0 });
    expect(String((bodies[0]?.text as { content: string }).content)).toContain('已等待 30 个工作分钟');
    clock.advance(60_000);
    expect(await runTimeouts()).toEqual({ raised: 0, retried: 0 });
    const { body } = await admin('GET', '/alerts?kind=timeout&from=2026-11-27&to=2026-11-27');
    expect(body.items).toEqual([expect.objectContaining({ userId: 'li', externalUserId: 'wmB', detail: '30', occurredAt: at('2026-11-27', '17:50'), notifyStatus: 'sent' })]);
  });

  it('should summarise the week per salesperson: alerts by kind, median and p90 first reply in working minutes', async () => {
    await ingestMessages(app.container.messageDeps, [
      message('in', 'wmC', at('2026-11-23', '10:00')), message('out', 'wmC', at('2026-11-23', '10:10')),
      message('in', 'wmD', at('2026-11-24', '10:00')), message('out', 'wmD', at('2026-11-24', '10:30')),
      // Wednesday 17:55 → Thursday 09:05: 5 + 5 working minutes.
      message('in', 'wmE', at('2026-11-25', '17:55')), message('out', 'wmE', at('2026-11-26', '09:05')),
      message('in', 'wmF', at('2026-11-26', '11:00')), message('out', 'wmF', at('2026-11-26', '12:00')),
    ]);
    const { status, body } = await admin('GET', '/summary?week=2026-11-23');
    expect(status).toBe(200);
    // wmA 14:59 → 15:00 (1), wmC 10, wmD 30, wmE 10, wmF 60; wmB unanswered.
    expect(body.salespeople).toEqual([
      { userId: 'li', alerts: { sensitive: 1, timeout: 1 }, threads: 6, unanswered: 1, medianFirstReplyMinutes: 10, p90FirstReplyMinutes: 48 },
    ]);
    expect((await admin('GET', '/summary?week=2026-11-24')).status).toBe(400);
  });
});
