/**
 * Guards the admin API with one shared bearer token (ADMIN_TOKEN). The token is compared
 * in constant time and never logged; without a configured token every admin request is
 * refused, so forgetting the setting cannot open the API.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { AuthenticationError } from '../../shared/errors.ts';
import type { RequestState } from './request-context.ts';

export interface AdminAuthOptions {
  /** The expected bearer token; undefined when ADMIN_TOKEN is not set (all refused). */
  token: string | undefined;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Whether `presented` equals `expected` without a timing signal about where they differ.
 * Different lengths are refused up front: timingSafeEqual throws on them, and the token's
 * length is not the secret.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Middleware that lets a request through only with `Authorization: Bearer <token>`.
 * Refusals are thrown as AuthenticationError (401 `unauthenticated`) for errorHandler.
 * @param options - the configured token
 * @returns a named Koa middleware
 */
export function adminAuth(options: AdminAuthOptions): Middleware<RequestState> {
  const expected = options.token;
  return async function adminAuthMiddleware(ctx, next) {
    ctx.set('WWW-Authenticate', 'Bearer realm="admin"');
    if (expected === undefined || expected === '') {
      throw new AuthenticationError('the admin API is disabled: set ADMIN_TOKEN to enable it');
    }
    const presented = BEARER.exec(ctx.get('authorization'))?.[1];
    if (presented === undefined) throw new AuthenticationError('Authorization: Bearer <ADMIN_TOKEN> is required');
    if (!tokensMatch(presented, expected)) throw new AuthenticationError('the admin token is wrong');
    ctx.remove('WWW-Authenticate');
    await next();
  };
}
