import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, MANAGED_REDIS_URL, parseConfig } from '../../src/config.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../fixtures/wecom/events.ts';
import { testConfig, testEnv } from '../helpers/test-config.ts';

/** The problems parseConfig reports for `env`; fails the test when it does not throw. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected parseConfig to throw ConfigError');
}

const EXPECTED_PG_URL = 'postgresql://app:secret@127.0.0.1:5432/scrm';

describe('parseConfig()', () => {
  it('should apply every default when the environment is empty', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      trustProxy: false,
      logLevel: 'info',
      databaseUrl: DEFAULT_DATABASE_URL,
      databaseProvider: 'sqlite',
      redisUrl: MANAGED_REDIS_URL,
      redisManaged: true,
      roles: ['web', 'worker', 'welcome', 'bot'],
      wecomApiBase: 'https://qyapi.weixin.qq.com',
      sandboxDir: './data/sandbox',
    });
    expect(config.adminToken).toBeUndefined();
  });

  it('should select sandbox mode when no WeCom callback variable is set', () => {
    const config = parseConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.wecom).toBeNull();
  });

  it('should select real mode with the callback settings when all three WeCom variables are set', () => {
    const config = parseConfig({
      WECOM_CORP_ID: FIXTURE_CORP_ID,
      WECOM_TOKEN: FIXTURE_TOKEN,
      WECOM_ENCODING_AES_KEY: FIXTURE_ENCODING_AES_KEY,
    });
    expect(config.mode).toBe('real');
    expect(config.wecom).toEqual({
      corpId: FIXTURE_CORP_ID,
      token: FIXTURE_TOKEN,
      encodingAesKey: FIXTURE_ENCODING_AES_KEY,
    });
  });

  it('should turn on the LLM second opinion only with both its URL and model', () => {
    expect(parseConfig({}).intentLlm).toBeUndefined();
    expect(parseConfig({ INTENT_LLM_URL: 'https://llm.example/v1', INTENT_LLM_MODEL: 'm' }).intentLlm).toEqual({
      url: 'https://llm.example/v1', model: 'm', timeoutMs: 3_000, below: 0.55,
    });
    expect(problemsOf({ INTENT_LLM_URL: 'https://llm.example/v1' })).toEqual([expect.stringContaining('INTENT_LLM_MODEL')]);
  });

  it('should read value and lifecycle thresholds, in fen and whole days', () => {
    const config = parseConfig({ VALUE_HIGH_ANNUAL_YUAN: '3000', VALUE_MID_ANNUAL_YUAN: '800.5', VALUE_ONE_TO_ONE_YUAN: '10000', LIFECYCLE_LAPSED_DAYS: '120' });
    expect(config.valueThresholds).toEqual({ highAnnualFen: 300_000, midAnnualFen: 80_050, oneToOneFen: 1_000_000 });
    expect(config.lifecycleThresholds).toEqual({ newHours: 24, stableOrders: 2, decliningDays: 30, lapsedDays: 120 });
    expect(parseConfig({}).valueThresholds).toEqual({ highAnnualFen: 200_000, midAnnualFen: 50_000, oneToOneFen: 500_000 });
  });

  it('should refuse thresholds in the wrong order', () => {
    expect(() => parseConfig({ VALUE_MID_ANNUAL_YUAN: '5000' })).toThrow(/VALUE_MID_ANNUAL_YUAN: must not be above VALUE_HIGH_ANNUAL_YUAN/);
    expect(() => parseConfig({ LIFECYCLE_DECLINING_DAYS: '90' })).toThrow(/LIFECYCLE_DECLINING_DAYS: must be fewer than LIFECYCLE_LAPSED_DAYS/);
    expect(() => parseConfig({ LIFECYCLE_NEW_HOURS: '0' })).toThrow(/LIFECYCLE_NEW_HOURS/);
  });

  it('should return a frozen config when the environment is valid', () => {
    const config = testConfig();
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.env).toBe('test');
    expect(config.mode).toBe('real');
  });

  it('should report every problem at once when several settings are invalid', () => {
    const problems = problemsOf(
      testEnv({ PORT: 'eighty', WECOM_ENCODING_AES_KEY: 'too-short', APP_ROLES: 'web,admin' }),
    );
    expect(problems).toHaveLength(3);
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('WECOM_ENCODING_AES_KEY'))).toBe(true);
    expect(problems.some((p) => p.startsWith('APP_ROLES'))).toBe(true);
  });

  it('should believe proxy headers only when TRUST_PROXY is exactly true or false', () => {
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(problemsOf({ TRUST_PROXY: 'yes' })[0]).toMatch(/^TRUST_PROXY/);
  });

  it('should list every problem in the error message when it throws', () => {
    expect(() => parseConfig(testEnv({ PORT: '70000', REDIS_URL: 'http://localhost' }))).toThrow(
      /Invalid configuration:\n {2}- PORT.*\n {2}- REDIS_URL/s,
    );
  });

  it('should name the missing variables when only some WeCom callback variables are set', () => {
    const problems = problemsOf({ WECOM_CORP_ID: FIXTURE_CORP_ID });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WECOM_TOKEN, WECOM_ENCODING_AES_KEY: required together with WECOM_CORP_ID/);
  });

  it('should name only the missing variable when two of three WeCom callback variables are set', () => {
    const problems = problemsOf(testEnv({ WECOM_TOKEN: '' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WECOM_TOKEN: required together with WECOM_CORP_ID, WECOM_ENCODING_AES_KEY/);
  });

  it('should reject the AES key when it is not 43 characters long', () => {
    const problems = problemsOf(testEnv({ WECOM_ENCODING_AES_KEY: FIXTURE_ENCODING_AES_KEY.slice(0, 42) }));
    expect(problems).toEqual([expect.stringMatching(/^WECOM_ENCODING_AES_KEY: must be the 43-character/)]);
    expect(problemsOf(testEnv({ WECOM_ENCODING_AES_KEY: `${FIXTURE_ENCODING_AES_KEY}H` }))).toHaveLength(1);
  });

  it('should reject the AES key when it contains a character other than letters and digits', () => {
    const key = `${FIXTURE_ENCODING_AES_KEY.slice(0, 42)}+`;
    expect(key).toHaveLength(43);
    expect(problemsOf(testEnv({ WECOM_ENCODING_AES_KEY: key }))).toEqual([
      expect.stringMatching(/^WECOM_ENCODING_AES_KEY:/),
    ]);
  });

  it('should reject the token when it has characters other than letters and digits', () => {
    expect(problemsOf(testEnv({ WECOM_TOKEN: 'bad_token!' }))).toEqual([expect.stringMatching(/^WECOM_TOKEN:/)]);
  });

  it('should select the postgresql provider when DATABASE_URL is a postgresql URL', () => {
    const config = testConfig({ DATABASE_URL: EXPECTED_PG_URL });
    expect(config.databaseProvider).toBe('postgresql');
    expect(config.databaseUrl).toBe(EXPECTED_PG_URL);
    expect(testConfig({ DATABASE_URL: 'postgres://127.0.0.1/scrm' }).databaseProvider).toBe('postgresql');
  });

  it('should reject DATABASE_URL when it is neither SQLite nor PostgreSQL', () => {
    expect(problemsOf(testEnv({ DATABASE_URL: 'mysql://127.0.0.1/scrm' }))).toEqual([
      expect.stringMatching(/^DATABASE_URL:/),
    ]);
  });

  it('should mark redis as not managed when REDIS_URL is set', () => {
    const config = testConfig({ REDIS_URL: 'rediss://cache.internal:6380' });
    expect(config.redisUrl).toBe('rediss://cache.internal:6380');
    expect(config.redisManaged).toBe(false);
  });

  it('should treat blank strings as unset when variables are empty or whitespace', () => {
    const config = parseConfig({
      PORT: '',
      REDIS_URL: '   ',
      DATABASE_URL: '',
      APP_ROLES: ' ',
      WECOM_CORP_ID: '',
      WECOM_TOKEN: ' ',
      WECOM_ENCODING_AES_KEY: '',
      ADMIN_TOKEN: '',
    });
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBe(MANAGED_REDIS_URL);
    expect(config.redisManaged).toBe(true);
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.roles).toEqual(['web', 'worker', 'welcome', 'bot']);
    expect(config.mode).toBe('sandbox');
    expect(config.adminToken).toBeUndefined();
  });

  it('should trim, drop empty entries and deduplicate roles when APP_ROLES lists them', () => {
    expect(testConfig({ APP_ROLES: ' worker , web,,worker ' }).roles).toEqual(['worker', 'web']);
    expect(testConfig({ APP_ROLES: 'bot' }).roles).toEqual(['bot']);
  });

  it('should report a problem when APP_ROLES names an unknown role or none', () => {
    expect(problemsOf(testEnv({ APP_ROLES: 'web,admin' }))).toEqual([expect.stringMatching(/^APP_ROLES/)]);
    expect(problemsOf(testEnv({ APP_ROLES: ',' }))).toEqual([expect.stringMatching(/^APP_ROLES: name at least one role/)]);
  });

  it('should reject ADMIN_TOKEN when it is shorter than 16 characters', () => {
    expect(problemsOf(testEnv({ ADMIN_TOKEN: 'short-token' }))).toEqual([
      expect.stringMatching(/^ADMIN_TOKEN: must be at least 16 characters/),
    ]);
    expect(testConfig({ ADMIN_TOKEN: '0123456789abcdef' }).adminToken).toBe('0123456789abcdef');
  });

  it('should reject WECOM_AGENT_ID when it is not numeric', () => {
    expect(problemsOf(testEnv({ WECOM_AGENT_ID: 'agent-1' }))).toEqual([expect.stringMatching(/^WECOM_AGENT_ID:/)]);
    expect(testConfig({ WECOM_AGENT_ID: '1000002' }).wecomAgentId).toBe('1000002');
  });
});
