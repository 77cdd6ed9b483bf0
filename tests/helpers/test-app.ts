/**
 * The real product wired for a test: real Redis (TEST_REDIS_URL unless given), a real
 * database, a unique BullMQ prefix, a fixed clock, and the roles the test asks for.
 */
import { randomBytes } from 'node:crypto';
import nock from 'nock';
import type { AddressInfo } from 'node:net';
import { parseConfig, type Role } from '../../src/config.ts';
import { createContainer, startRoles, type Container, type ContainerOptions, type RunningRoles } from '../../src/container.ts';
import type { EventHandlers } from '../../src/domain/ports.ts';
import { CALLBACK_PATH } from '../../src/http/app.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { createRootLogger } from '../../src/shared/logger.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../fixtures/wecom/events.ts';

export interface TestAppOptions {
  databaseUrl: string;
  roles: Role[];
  clock: Clock;
  redisUrl?: string;
  eventHandlers?: EventHandlers;
  callback?: { corpId: string; token: string; encodingAesKey: string };
  sweeper?: { intervalMs?: number; graceMs?: number };
  eventJobOptions?: ContainerOptions['eventJobOptions'];
  /** Extra environment, e.g. WECOM_CONTACT_SECRET and WECOM_API_BASE. */
  env?: Record<string, string>;
  /** Reuse a prefix to see another app's queue. @defaultValue a fresh one */
  queuePrefix?: string;
  /** A puppet instance for the bot role (a wechaty-puppet-mock the test drives). */
  botPuppet?: object;
  /** The bot's acknowledgement batching window, instead of the campaigns' (seconds long). */
  ackWindowMs?: number;
}

export interface TestApp {
  container: Container;
  running: RunningRoles;
  queuePrefix: string;
  /** Base URL of the callback route, when the web role runs. */
  callbackUrl: string;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const callback = options.callback ?? { corpId: FIXTURE_CORP_ID, token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY };
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? process.env.TEST_REDIS_URL,
    WECOM_CORP_ID: callback.corpId,
    WECOM_TOKEN: callback.token,
    WECOM_ENCODING_AES_KEY: callback.encodingAesKey,
    APP_ROLES: options.roles.join(','),
    ...options.env,
  });
  const queuePrefix = options.queuePrefix ?? `test-${randomBytes(4).toString('hex')}`;
  const container = await createContainer(config, {
    callback,
    clock: options.clock,
    logger: createRootLogger('silent'),
    queuePrefix,
    eventHandlers: options.eventHandlers,
    eventJobOptions: options.eventJobOptions,
    processMetrics: false,
  });
  const running = await startRoles(container, config.roles, { queuePrefix, sweeper: options.sweeper, botPuppet: options.botPuppet, ...(options.ackWindowMs !== undefined ? { ackWindowMs: options.ackWindowMs } : {}) });
  const port = running.server ? (running.server.address() as AddressInfo).port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    container,
    running,
    queuePrefix,
    baseUrl,
    callbackUrl: `${baseUrl}${CALLBACK_PATH}`,
    close: () => container.shutdown.shutdownAll(),
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * For tests that nock WeCom at `apiBase`: forgets access tokens an earlier test cached in
 * Redis for the fixture corp, and answers every gettoken with `TOKEN`.
 */
export async function nockWecomTokens(app: TestApp, apiBase: string): Promise<void> {
  const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
  if (stale.length > 0) await app.container.redis.del(...stale);
  nock(apiBase).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
}
