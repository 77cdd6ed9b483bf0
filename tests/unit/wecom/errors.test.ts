import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.ts';
import {
  errcodeInfo,
  isRetryable,
  isTokenError,
  RateLimitedError,
  WecomApiError,
  WecomSecretMissingError,
  WecomTransportError,
} from '../../../src/wecom/errors.ts';

describe('isRetryable()', () => {
  it.each([-1, 45009, 45033, 40014, 42001])('should be true when errcode is %i', (errcode) => {
    expect(isRetryable(errcode)).toBe(true);
  });

  it.each([40001, 40013, 48002, 60020, 40058, 41051, 84061, 12345])('should be false when errcode is %i', (errcode) => {
    expect(isRetryable(errcode)).toBe(false);
  });
});

describe('errcodeInfo()', () => {
  it('should map each code we act on to its action', () => {
    expect(errcodeInfo(-1).action).toBe('backoff');
    expect(errcodeInfo(45033).action).toBe('backoff');
    expect(errcodeInfo(45009).action).toBe('pause');
    expect(errcodeInfo(40014).action).toBe('refresh_token');
    expect(errcodeInfo(42001).action).toBe('refresh_token');
    expect(errcodeInfo(40001).action).toBe('config');
    expect(errcodeInfo(48002).action).toBe('config');
  });

  it('should fall back to a non-retryable failure when the code is not in the table', () => {
    expect(errcodeInfo(41051)).toMatchObject({ action: 'fail', retryable: false });
  });
});

describe('isTokenError()', () => {
  it('should be true only when the code says the access_token is invalid or expired', () => {
    expect([40014, 42001, 40001, -1, 0].map(isTokenError)).toEqual([true, true, false, false, false]);
  });
});

describe('WecomApiError', () => {
  it('should carry errcode, errmsg, api and the table retryability when built from an answer', () => {
    const error = new WecomApiError({ api: '/cgi-bin/externalcontact/get', errcode: -1, errmsg: 'system busy' });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(error).toMatchObject({ name: 'WecomApiError', code: 'wecom_api_error', status: 502, expose: false, errcode: -1, errmsg: 'system busy', api: '/cgi-bin/externalcontact/get', retryable: true });
    expect(error.message).toContain('errcode -1');
  });

  it('should be non-retryable when the code is a configuration error', () => {
    expect(new WecomApiError({ api: '/cgi-bin/gettoken', errcode: 40001, errmsg: 'invalid credential' }).retryable).toBe(false);
  });

  it('should keep an explicit retryable and retryAfterMs when given', () => {
    const error = new WecomApiError({ api: '/x', errcode: 40058, errmsg: 'bad', retryable: true, retryAfterMs: 1_000 });
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 1_000 });
  });
});

describe('RateLimitedError', () => {
  it('should be a retryable AppError with retryAfterMs when the API is paused', () => {
    const error = new RateLimitedError('/cgi-bin/externalcontact/get', 42_000, 'paused');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'wecom_rate_limited', retryable: true, retryAfterMs: 42_000, reason: 'paused', api: '/cgi-bin/externalcontact/get' });
  });
});

describe('WecomTransportError', () => {
  it('should use status 504 when the call timed out and 502 otherwise', () => {
    expect(new WecomTransportError('wecom_timeout', '/x', 'slow', true)).toMatchObject({ code: 'wecom_timeout', status: 504, retryable: true });
    expect(new WecomTransportError('wecom_http_status', '/x', 'HTTP 404', false)).toMatchObject({ status: 502, retryable: false });
  });
});

describe('WecomSecretMissingError', () => {
  it('should name the variable to set when a secret kind is not configured', () => {
    const error = new WecomSecretMissingError('contact');
    expect(error).toMatchObject({ code: 'wecom_secret_missing', retryable: false });
    expect(error.message).toContain('WECOM_CONTACT_SECRET');
  });
});
