/**
 * A complete, valid environment for tests (real-mode WeCom credentials from the fixtures),
 * and the Config parsed from it. Override any variable; `undefined` removes it.
 */
import { parseConfig, type Config } from '../../src/config.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../fixtures/wecom/events.ts';

export type TestEnv = Record<string, string | undefined>;

export function testEnv(overrides: TestEnv = {}): Record<string, string> {
  const env: TestEnv = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'file:./data/test.db',
    REDIS_URL: 'redis://127.0.0.1:6390',
    WECOM_CORP_ID: FIXTURE_CORP_ID,
    WECOM_TOKEN: FIXTURE_TOKEN,
    WECOM_ENCODING_AES_KEY: FIXTURE_ENCODING_AES_KEY,
    WECOM_API_BASE: 'https://qyapi.weixin.qq.com',
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    APP_ROLES: 'web,worker,bot',
    SANDBOX_DIR: './data/test-sandbox',
    ...overrides,
  };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

export function testConfig(overrides: TestEnv = {}): Readonly<Config> {
  return parseConfig(testEnv(overrides));
}
