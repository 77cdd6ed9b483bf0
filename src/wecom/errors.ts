/**
 * Errors of the WeCom API client and the table of errcodes we act on (PROTOCOL §4.12).
 * Workers decide "delay the job" vs "fail it for good" from `retryable` alone; nothing
 * matches on message text.
 */
import { AppError } from '../shared/errors.ts';

/** What the client does when WeCom answers with an errcode. */
export type ErrcodeAction =
  /** Drop the cached token, fetch a fresh one, retry the call once. */
  | 'refresh_token'
  /** Retry within the call with exponential backoff. */
  | 'backoff'
  /** Pause the API in the shared rate limiter and give up (the job is delayed). */
  | 'pause'
  /** Misconfiguration: never retry, log once clearly. */
  | 'config'
  /** Anything else: a business or input error, not retried. */
  | 'fail';

/** One row of the errcode table. */
export interface ErrcodeInfo {
  action: ErrcodeAction;
  retryable: boolean;
  /** What an operator should do; logged with config errors. */
  hint: string;
}

/** The errcodes we act on; every other non-zero errcode is `fail`, non-retryable. */
export const ERRCODES: ReadonlyMap<number, ErrcodeInfo> = new Map<number, ErrcodeInfo>([
  [-1, { action: 'backoff', retryable: true, hint: 'system busy (系统繁忙)' }],
  // A token rejected twice in a row is still worth a later job attempt: the cache was dropped.
  [40014, { action: 'refresh_token', retryable: true, hint: 'invalid access_token (some tenants send it for expired tokens)' }],
  [42001, { action: 'refresh_token', retryable: true, hint: 'access_token expired' }],
  [45009, { action: 'pause', retryable: true, hint: 'frequency limit hit: WeCom blocks the API for 60 s (minute limits)' }],
  [45033, { action: 'backoff', retryable: true, hint: 'concurrency limit hit: lower parallelism' }],
  // Repeated wrong secrets can block the calling IP for an hour, so these stop at once.
  [40001, { action: 'config', retryable: false, hint: 'invalid secret: check WECOM_CONTACT_SECRET / WECOM_AGENT_SECRET' }],
  [40013, { action: 'config', retryable: false, hint: 'invalid corpid: check WECOM_CORP_ID' }],
  [48002, { action: 'config', retryable: false, hint: 'API not permitted for this secret: add the app to 客户联系 可调用应用 or use the right secret' }],
  [60020, { action: 'config', retryable: false, hint: 'server IP not in 企业可信IP: add it in the admin console' }],
]);

const DEFAULT_INFO: ErrcodeInfo = { action: 'fail', retryable: false, hint: 'see PROTOCOL §4.12' };

/** The table row for `errcode`, or the non-retryable default. */
export function errcodeInfo(errcode: number): ErrcodeInfo {
  return ERRCODES.get(errcode) ?? DEFAULT_INFO;
}

/** Whether a later attempt of the same call may succeed (BullMQ delays rather than fails). */
export function isRetryable(errcode: number): boolean {
  return errcodeInfo(errcode).retryable;
}

/** Whether the errcode means "this access_token is no good": refresh once and retry. */
export function isTokenError(errcode: number): boolean {
  return errcodeInfo(errcode).action === 'refresh_token';
}

/** Fields of a WeCom error answer. */
export interface WecomApiErrorInit {
  /** The API path without query, e.g. `/cgi-bin/externalcontact/get`. */
  api: string;
  errcode: number;
  errmsg: string;
  /** Overrides the table (e.g. a timeout is retryable whatever the code). */
  retryable?: boolean;
  /** How long the caller should wait before trying again, when known. */
  retryAfterMs?: number;
}

/** WeCom answered with a non-zero `errcode` (502: an upstream failure). */
export class WecomApiError extends AppError {
  readonly errcode: number;
  readonly errmsg: string;
  readonly api: string;
  readonly retryAfterMs: number | undefined;

  constructor(init: WecomApiErrorInit) {
    super('wecom_api_error', `WeCom ${init.api} failed: errcode ${init.errcode} (${init.errmsg})`, {
      status: 502,
      retryable: init.retryable ?? isRetryable(init.errcode),
    });
    this.name = 'WecomApiError';
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.api = init.api;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Transport failures: timeout, network, non-2xx status, a body that is not WeCom JSON. */
export type WecomTransportCode = 'wecom_timeout' | 'wecom_network_error' | 'wecom_http_status' | 'wecom_bad_response';

/**
 * The call did not produce a WeCom answer. The message names the API path only: the URL
 * carries the access_token, so the raw fetch error is not kept as `cause`.
 */
export class WecomTransportError extends AppError {
  readonly api: string;

  constructor(code: WecomTransportCode, api: string, detail: string, retryable: boolean) {
    super(code, `WeCom ${api}: ${detail}`, { status: code === 'wecom_timeout' ? 504 : 502, retryable });
    this.name = 'WecomTransportError';
    this.api = api;
  }
}

/** Our own limiter (or a WeCom 45009 pause) holds the call back; retry after `retryAfterMs`. */
export class RateLimitedError extends AppError {
  readonly api: string;
  readonly retryAfterMs: number;
  readonly reason: 'paused' | 'limit';

  constructor(api: string, retryAfterMs: number, reason: 'paused' | 'limit') {
    const why = reason === 'paused' ? 'paused after a WeCom frequency limit' : 'over the per-minute limit';
    super('wecom_rate_limited', `WeCom ${api} ${why}; retry in ${retryAfterMs} ms`, { status: 503, retryable: true });
    this.name = 'RateLimitedError';
    this.api = api;
    this.retryAfterMs = retryAfterMs;
    this.reason = reason;
  }
}

/** The caller's deadline passed before the request could be sent (e.g. a dying WelcomeCode). */
export class WecomDeadlineError extends AppError {
  readonly api: string;

  constructor(api: string) {
    super('wecom_deadline_passed', `WeCom ${api} not called: the caller's deadline passed`, { status: 504, retryable: false });
    this.name = 'WecomDeadlineError';
    this.api = api;
  }
}

/** A call needs a secret kind whose secret is not configured. */
export class WecomSecretMissingError extends AppError {
  constructor(kind: string) {
    super('wecom_secret_missing', `No WeCom ${kind} secret configured (set WECOM_${kind.toUpperCase()}_SECRET)`, { status: 500, retryable: false });
    this.name = 'WecomSecretMissingError';
  }
}
