/**
 * The one way to call WeCom server APIs (PROTOCOL §4): base URL, access_token from the
 * shared {@link TokenStore}, per-API budget from the shared {@link WecomRateLimiter},
 * timeout, bigint-safe JSON, errcode → {@link WecomApiError}, and the retries of §4.12:
 * one token refresh + retry on 40014/42001, backoff on -1/45033, a 60 s pause on 45009.
 *
 * Logs name the API path only: the query carries the access_token or the corpsecret.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../shared/clock.ts';
import { childLogger, type Logger } from '../shared/logger.ts';
import { httpExchange, HttpExchangeError } from '../shared/http-exchange.ts';
import { errcodeInfo, WecomApiError, WecomDeadlineError, WecomSecretMissingError, WecomTransportError } from './errors.ts';
import { WecomRateLimiter } from './rate-limit.ts';
import { parseWecomJson } from './safe-json.ts';
import { TokenStore, tokenKey, type FetchedToken } from './token-store.ts';

/** Which app secret a call uses: 客户联系 (contact) or the self-built app (agent). */
export type SecretKind = 'contact' | 'agent';

/** `GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET` (PROTOCOL §4.1). */
export const GETTOKEN_API = '/cgi-bin/gettoken';

/** One WeCom API call. */
export interface WecomRequest {
  /** API path without query, e.g. `/cgi-bin/externalcontact/get`. */
  api: string;
  method: 'GET' | 'POST';
  /** Query parameters besides access_token. */
  query?: Record<string, string>;
  /** JSON body (POST). */
  body?: unknown;
  /** Whose access_token the call needs. */
  secret: SecretKind;
  /**
   * Epoch ms after which the request must not be sent at all (checked right before each
   * attempt; the timeout also ends there). For calls that are useless late, like a
   * WelcomeCode that dies 20 s after its event.
   */
  deadline?: number;
}

/** Options of {@link WecomClient}. */
export interface WecomClientOptions {
  /** Base URL (config WECOM_API_BASE), e.g. `https://qyapi.weixin.qq.com`. */
  apiBase: string;
  corpId: string;
  /** The app secrets; a call needing a missing one fails with `wecom_secret_missing`. */
  secrets: { contact?: string; agent?: string };
  /** AgentId of the self-built app; names the agent token's cache key. @defaultValue 'agent' */
  agentId?: string;
  redis: Redis;
  /** The root logger; the client logs as module `wecom.client`. */
  logger: Logger;
  /** Per-request timeout (a timeout is a retryable error). @defaultValue 10_000 */
  timeoutMs?: number;
  /** Our budget per API per minute for this corp. @defaultValue 10_000 */
  rateLimitPerMinute?: number;
  /** Pause of an API after 45009. @defaultValue 60_000 */
  pauseMs?: number;
  /** Tokens count as expired this much early. @defaultValue 300_000 */
  tokenMarginMs?: number;
  /** Attempts within one call on -1 / 45033. @defaultValue 3 */
  busyAttempts?: number;
  /** First backoff delay on -1 / 45033, doubled each time. @defaultValue 200 */
  backoffBaseMs?: number;
  /** Lock-wait tuning of the token store (see TokenStoreOptions). */
  tokenPoll?: { intervalMs?: number; timeoutMs?: number };
  /** @defaultValue systemClock */
  clock?: Clock;
}

/** WeCom API client shared by every API area under `wecom/api/`. */
export class WecomClient {
  /** The shared token cache (exposed for jsapi tickets and tests). */
  readonly tokens: TokenStore<SecretKind>;
  /** The shared per-API limiter. */
  readonly limiter: WecomRateLimiter;
  private readonly log: Logger;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly busyAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly reportedConfigErrors = new Set<string>();
  private readonly clock: Clock;

  constructor(private readonly options: WecomClientOptions) {
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.log = childLogger(options.logger, 'wecom.client');
    this.base = options.apiBase.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.busyAttempts = options.busyAttempts ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 200;
    this.limiter = new WecomRateLimiter({ redis: options.redis, corpId: options.corpId, limitPerWindow: options.rateLimitPerMinute, pauseMs: options.pauseMs, clock });
    this.tokens = new TokenStore<SecretKind>({
      redis: options.redis,
      keyFor: (kind) => tokenKey(options.corpId, kind === 'agent' ? (options.agentId ?? 'agent') : 'contact', 'access_token'),
      fetchToken: (kind) => this.fetchToken(kind),
      clock,
      marginMs: options.tokenMarginMs,
      pollIntervalMs: options.tokenPoll?.intervalMs,
      pollTimeoutMs: options.tokenPoll?.timeoutMs,
    });
  }

  /**
   * Calls a WeCom API with the access_token of `req.secret`.
   * @returns the JSON answer (integers beyond 2^53 as strings)
   * @throws WecomApiError (non-zero errcode), WecomTransportError (timeout, network, HTTP),
   *   RateLimitedError (API paused or over budget), WecomSecretMissingError
   */
  async request<T>(req: WecomRequest): Promise<T> {
    this.secretOf(req.secret);
    let tokenRetried = false;
    let busyFailures = 0;
    for (;;) {
      await this.limiter.acquire(req.api);
      let token: string | undefined;
      try {
        token = await this.tokens.get(req.secret);
        const remainingMs = req.deadline === undefined ? this.timeoutMs : req.deadline - this.clock.now().getTime();
        if (remainingMs <= 0) throw new WecomDeadlineError(req.api);
        return await this.call<T>(req.api, req.method, { ...req.query, access_token: token }, req.body, Math.min(remainingMs, this.timeoutMs));
      } catch (error) {
        if (!(error instanceof WecomApiError)) throw error;
        const { action } = errcodeInfo(error.errcode);
        if (action === 'refresh_token' && token !== undefined && !tokenRetried) {
          // Exactly one refresh per call: a second token error means something else is wrong.
          tokenRetried = true;
          await this.tokens.invalidate(req.secret, token);
          continue;
        }
        if (action === 'backoff' && ++busyFailures < this.busyAttempts) {
          const delayMs = this.backoffBaseMs * 2 ** (busyFailures - 1);
          // Jitter spreads callers that hit 45033 together so they do not collide again.
          await sleep(delayMs / 2 + Math.random() * (delayMs / 2));
          continue;
        }
        if (action === 'backoff') this.log.warn({ api: req.api, errcode: error.errcode, attempts: busyFailures }, 'WeCom still busy after retries');
        throw error;
      }
    }
  }

  /**
   * POSTs to an API that takes its own key in the query instead of an access token (the
   * group robot webhook). The query is never logged: the key is a secret.
   */
  async postWithoutToken<T>(api: string, query: Record<string, string>, body: unknown): Promise<T> {
    return this.call<T>(api, 'POST', query, body);
  }

  private secretOf(kind: SecretKind): string {
    const secret = this.options.secrets[kind];
    if (!secret) throw new WecomSecretMissingError(kind);
    return secret;
  }

  /** The token store's fetcher: one `gettoken` call. */
  private async fetchToken(kind: SecretKind): Promise<FetchedToken> {
    const corpsecret = this.secretOf(kind);
    await this.limiter.acquire(GETTOKEN_API);
    const answer = await this.call<{ access_token?: unknown; expires_in?: unknown }>(GETTOKEN_API, 'GET', { corpid: this.options.corpId, corpsecret });
    if (typeof answer.access_token !== 'string' || answer.access_token === '' || typeof answer.expires_in !== 'number') {
      throw new WecomTransportError('wecom_bad_response', GETTOKEN_API, 'answer without access_token / expires_in', false);
    }
    this.log.info({ kind, expiresInSec: answer.expires_in }, 'access token fetched');
    return { token: answer.access_token, expiresInSec: answer.expires_in };
  }

  /** One HTTP exchange; non-zero errcode → WecomApiError. */
  private async call<T>(api: string, method: 'GET' | 'POST', query: Record<string, string>, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      ({ status, text } = await httpExchange(`${this.base}${api}?${new URLSearchParams(query).toString()}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs,
      }));
    } catch (error) {
      if (error instanceof HttpExchangeError && error.timedOut) throw new WecomTransportError('wecom_timeout', api, `no answer within ${timeoutMs} ms`, true);
      throw new WecomTransportError('wecom_network_error', api, `network error (${error instanceof HttpExchangeError ? error.reason : 'unknown'})`, true);
    }
    const log = { api, method, status, ms: Date.now() - started };
    if (status < 200 || status >= 300) {
      this.log.warn(log, 'WeCom answered with an HTTP error status');
      throw new WecomTransportError('wecom_http_status', api, `HTTP ${status}`, status >= 500 || status === 429);
    }
    let answer: unknown;
    try {
      answer = parseWecomJson(text);
    } catch {
      answer = undefined;
    }
    if (typeof answer !== 'object' || answer === null) {
      // A 200 that is not JSON comes from something in front of WeCom: check WECOM_API_BASE.
      this.log.error(log, 'WeCom answer is not a JSON object');
      throw new WecomTransportError('wecom_bad_response', api, 'answer is not a JSON object', false);
    }
    const { errcode, errmsg } = answer as { errcode?: unknown; errmsg?: unknown };
    if (typeof errcode !== 'number' || errcode === 0) {
      this.log.debug(log, 'WeCom call done');
      return answer as T;
    }
    return this.fail(api, errcode, typeof errmsg === 'string' ? errmsg : '', log);
  }

  private async fail(api: string, errcode: number, errmsg: string, log: Record<string, unknown>): Promise<never> {
    const info = errcodeInfo(errcode);
    this.log.debug({ ...log, errcode }, 'WeCom call failed');
    if (info.action === 'pause') {
      await this.limiter.pause(api);
      throw new WecomApiError({ api, errcode, errmsg, retryAfterMs: this.limiter.pauseMs });
    }
    if (info.action === 'config' && !this.reportedConfigErrors.has(`${errcode} ${api}`)) {
      // Once per process and API: the same misconfiguration would otherwise flood the log.
      this.reportedConfigErrors.add(`${errcode} ${api}`);
      this.log.error({ api, errcode, errmsg, hint: info.hint }, 'WeCom configuration error: calls fail until it is fixed');
    }
    throw new WecomApiError({ api, errcode, errmsg });
  }
}
