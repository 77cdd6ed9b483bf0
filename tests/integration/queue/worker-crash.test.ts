/**
 * A worker killed with SIGKILL in the middle of a job: BullMQ's stalled-job check hands
 * the job to the next worker, which runs it to completion; the event's effect happens
 * once and the inbox row ends processed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CONTACT_ADD_XML, FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const FIXTURE_NOW_SEC = 1717000000;

describe('worker process killed mid-job', () => {
  let database: TestDatabase;
  let web: TestApp;
  let traceDir: string;
  const children: ChildProcess[] = [];

  function startWorker(hangOnFirst: boolean): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/worker-process.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: process.env.TEST_REDIS_URL,
        QUEUE_PREFIX: web.queuePrefix,
        TRACE_DIR: traceDir,
        HANG_ON_FIRST: hangOnFirst ? '1' : '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    web = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date(FIXTURE_NOW_SEC * 1000)) });
    traceDir = mkdtempSync(join(tmpdir(), 'scrm-crash-'));
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await web?.container.eventQueue.queue.obliterate({ force: true });
    await web?.close();
    await database?.drop();
    rmSync(traceDir, { recursive: true, force: true });
  });

  it('should re-run the job in a new worker and apply its effect exactly once', async () => {
    const first = startWorker(true);
    const { query, body } = buildSignedCallback({
      token: FIXTURE_TOKEN,
      encodingAesKey: FIXTURE_ENCODING_AES_KEY,
      corpId: FIXTURE_CORP_ID,
      xml: FIXTURE_CONTACT_ADD_XML,
      timestamp: String(FIXTURE_NOW_SEC),
    });
    const response = await fetch(`${web.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(200);

    await waitUntil(() => existsSync(join(traceDir, 'started')), 30_000, 'the first worker to start the job');
    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    expect(existsSync(join(traceDir, 'effects'))).toBe(false);

    const second = startWorker(false);
    // Lock 10 s, stalled check every 5 s: the job is recovered well inside 30 s.
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 1, 40_000, 'the job to be recovered');
    expect(readFileSync(join(traceDir, 'effects'), 'utf8').trim().split('\n')).toEqual(['wmAbCdEfGhIjKlMnOpQrStUvWxYz0001']);
    // The killed worker took the job (it may not have finished booting: the job can arrive
    // before its other roles are up); the effect is the second process's, the only one alive.
    expect(readFileSync(join(traceDir, 'started'), 'utf8').trim()).toBe(String(first.pid));
    expect(second.pid).not.toBe(first.pid);
    expect(second.exitCode).toBeNull();
    await waitUntil(() => existsSync(join(traceDir, `ready-${second.pid}`)), 30_000, 'the second worker to be up');
  });
});
