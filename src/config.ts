/**
 * The only reader of `process.env`. Parses and validates every setting at boot, prints
 * every problem at once and refuses to start on a bad configuration, so a wrong AES key
 * fails here and not on the first callback.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ValueThresholds } from './domain/value/customer-value.ts';
import type { LifecycleThresholds } from './domain/value/lifecycle.ts';

/**
 * web: HTTP (callbacks, admin, health). worker: inbox events and the sweeper. welcome:
 * the welcome-message queue, which a busy deployment gives its own process so new
 * customers' 20 s codes never wait behind other work. bot: the Wechaty group bot.
 */
export const ROLES = ['web', 'worker', 'welcome', 'bot'] as const;
export type Role = (typeof ROLES)[number];

/** Port of the Redis instance that `npm start` manages under ./data/redis. */
export const MANAGED_REDIS_URL = 'redis://127.0.0.1:6390';
export const DEFAULT_DATABASE_URL = 'file:./data/app.db';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

/** An amount in yuan (value thresholds). */
const yuanSetting = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1e9).default(fallback));
/** A whole number of hours, days or orders (lifecycle thresholds). */
const countSetting = (fallback: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(max).default(fallback));

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  TRUST_PROXY: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false').transform((value) => value === 'true')),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url), {
        message: 'must be a SQLite "file:" URL or a "postgresql://" URL',
      }),
  ),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(MANAGED_REDIS_URL)
      .refine((url) => /^rediss?:\/\//.test(url), { message: 'must be a redis:// or rediss:// URL' }),
  ),
  WECOM_CORP_ID: optionalString,
  WECOM_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1–32 letters or digits (as set in the WeCom admin console)')
      .optional(),
  ),
  WECOM_ENCODING_AES_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((key) => /^[A-Za-z0-9]{43}$/.test(key) && Buffer.from(`${key}=`, 'base64').length === 32, {
        message: 'must be the 43-character EncodingAESKey from the WeCom admin console (decodes to 32 bytes)',
      })
      .optional(),
  ),
  WECOM_CONTACT_SECRET: optionalString,
  WECOM_AGENT_ID: z.preprocess(blankToUndefined, z.string().regex(/^\d+$/, 'must be the numeric AgentId').optional()),
  WECOM_AGENT_SECRET: optionalString,
  WECOM_API_BASE: z.preprocess(blankToUndefined, z.string().url().default('https://qyapi.weixin.qq.com')),
  ADMIN_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(16, 'must be at least 16 characters (use a long random string)').optional(),
  ),
  APP_ROLES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('web,worker,welcome,bot')
      .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean))
      .pipe(z.array(z.enum(ROLES)).min(1, 'name at least one role')),
  ),
  WECHATY_PUPPET: optionalString,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  SANDBOX_DIR: z.preprocess(blankToUndefined, z.string().default('./data/sandbox')),
  SANDBOX_RATE: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(200).default(1)),
  SIDEBAR_SESSION_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 random characters').optional()),
  INTENT_LLM_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  INTENT_LLM_API_KEY: optionalString,
  INTENT_LLM_MODEL: optionalString,
  INTENT_LLM_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(60_000).default(3_000)),
  INTENT_LLM_BELOW: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1).default(0.55)),
  VALUE_HIGH_ANNUAL_YUAN: yuanSetting(2_000),
  VALUE_MID_ANNUAL_YUAN: yuanSetting(500),
  VALUE_ONE_TO_ONE_YUAN: yuanSetting(5_000),
  LIFECYCLE_NEW_HOURS: countSetting(24, 24 * 30),
  LIFECYCLE_STABLE_ORDERS: countSetting(2, 100),
  LIFECYCLE_DECLINING_DAYS: countSetting(30, 3_650),
  LIFECYCLE_LAPSED_DAYS: countSetting(90, 3_650),
});

/** Every environment variable the product reads (also listed in .env.example). */
export const CONFIG_KEYS = Object.keys(envSchema.shape);

/** The WeCom settings needed to receive callbacks. */
export interface WecomCallbackConfig {
  corpId: string;
  token: string;
  encodingAesKey: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /**
   * Believe X-Forwarded-For/-Proto/-Host: only behind a reverse proxy that sets them, since
   * otherwise any client could choose the audit log's IP and the sign-in redirect's host.
   */
  trustProxy: boolean;
  logLevel: string;
  databaseUrl: string;
  databaseProvider: 'sqlite' | 'postgresql';
  redisUrl: string;
  /** True when REDIS_URL was left to its default, the instance `npm start` manages. */
  redisManaged: boolean;
  /**
   * `real` when WeCom credentials are set; `sandbox` when none are, in which case the
   * callback credentials come from the local simulator (see src/sandbox/credentials.ts).
   */
  mode: 'real' | 'sandbox';
  wecom: WecomCallbackConfig | null;
  wecomContactSecret?: string;
  wecomAgentId?: string;
  wecomAgentSecret?: string;
  wecomApiBase: string;
  adminToken?: string;
  roles: Role[];
  wechatyPuppet?: string;
  wechatyPuppetServiceToken?: string;
  sandboxDir: string;
  /** Simulated customer events per second in sandbox mode (0: none). */
  sandboxRate: number;
  sidebarSessionSecret?: string;
  /** The optional second opinion on low-confidence intents: an OpenAI-compatible endpoint. */
  intentLlm?: { url: string; apiKey?: string; model: string; timeoutMs: number; below: number };
  /** Value layers and the 1:1-only line, in fen. */
  valueThresholds: ValueThresholds;
  lifecycleThresholds: LifecycleThresholds;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const CALLBACK_KEYS = ['WECOM_CORP_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

/** Parses an environment map into a frozen Config or throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || 'env'}: ${issue.message}`);
    }
  }
  const rawCallback = CALLBACK_KEYS.map((key) => blankToUndefined(env[key]));
  const setCount = rawCallback.filter((value) => value !== undefined).length;
  if (setCount > 0 && setCount < CALLBACK_KEYS.length) {
    const missing = CALLBACK_KEYS.filter((_, i) => rawCallback[i] === undefined);
    problems.push(
      `${missing.join(', ')}: required together with ${CALLBACK_KEYS.filter((k) => !missing.includes(k)).join(', ')} ` +
        '(set all three for real WeCom, or none for sandbox mode)',
    );
  }
  if (parsed.success && parsed.data.VALUE_MID_ANNUAL_YUAN > parsed.data.VALUE_HIGH_ANNUAL_YUAN) {
    problems.push('VALUE_MID_ANNUAL_YUAN: must not be above VALUE_HIGH_ANNUAL_YUAN');
  }
  if (parsed.success && parsed.data.LIFECYCLE_DECLINING_DAYS >= parsed.data.LIFECYCLE_LAPSED_DAYS) {
    problems.push('LIFECYCLE_DECLINING_DAYS: must be fewer than LIFECYCLE_LAPSED_DAYS');
  }
  if (parsed.success && Boolean(parsed.data.INTENT_LLM_URL) !== Boolean(parsed.data.INTENT_LLM_MODEL)) {
    problems.push('INTENT_LLM_URL, INTENT_LLM_MODEL: set both to turn on the LLM second opinion, or neither');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const wecom =
    e.WECOM_CORP_ID && e.WECOM_TOKEN && e.WECOM_ENCODING_AES_KEY
      ? { corpId: e.WECOM_CORP_ID, token: e.WECOM_TOKEN, encodingAesKey: e.WECOM_ENCODING_AES_KEY }
      : null;
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseProvider: e.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
    redisUrl: e.REDIS_URL,
    redisManaged: blankToUndefined(env.REDIS_URL) === undefined,
    mode: wecom ? 'real' : 'sandbox',
    wecom,
    wecomContactSecret: e.WECOM_CONTACT_SECRET,
    wecomAgentId: e.WECOM_AGENT_ID,
    wecomAgentSecret: e.WECOM_AGENT_SECRET,
    wecomApiBase: e.WECOM_API_BASE,
    adminToken: e.ADMIN_TOKEN,
    roles: [...new Set(e.APP_ROLES)],
    wechatyPuppet: e.WECHATY_PUPPET,
    wechatyPuppetServiceToken: e.WECHATY_PUPPET_SERVICE_TOKEN,
    sandboxDir: e.SANDBOX_DIR,
    sandboxRate: e.SANDBOX_RATE,
    sidebarSessionSecret: e.SIDEBAR_SESSION_SECRET,
    valueThresholds: {
      highAnnualFen: Math.round(e.VALUE_HIGH_ANNUAL_YUAN * 100),
      midAnnualFen: Math.round(e.VALUE_MID_ANNUAL_YUAN * 100),
      oneToOneFen: Math.round(e.VALUE_ONE_TO_ONE_YUAN * 100),
    },
    lifecycleThresholds: {
      newHours: e.LIFECYCLE_NEW_HOURS,
      stableOrders: e.LIFECYCLE_STABLE_ORDERS,
      decliningDays: e.LIFECYCLE_DECLINING_DAYS,
      lapsedDays: e.LIFECYCLE_LAPSED_DAYS,
    },
    ...(e.INTENT_LLM_URL && e.INTENT_LLM_MODEL
      ? {
          intentLlm: {
            url: e.INTENT_LLM_URL,
            model: e.INTENT_LLM_MODEL,
            timeoutMs: e.INTENT_LLM_TIMEOUT_MS,
            below: e.INTENT_LLM_BELOW,
            ...(e.INTENT_LLM_API_KEY ? { apiKey: e.INTENT_LLM_API_KEY } : {}),
          },
        }
      : {}),
  };
  return Object.freeze(config);
}

/**
 * Reads `.env` (if present, without overriding variables already set) and the process
 * environment. On a bad configuration prints every problem and exits non-zero.
 */
export function loadConfig(envFile = resolve('.env')): Readonly<Config> {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee .env.example for every setting.`);
      process.exit(1);
    }
    throw error;
  }
}
