/**
 * Authenticates admin API calls and says who is calling (`ctx.state.principal`):
 * - `Authorization: Bearer <ADMIN_TOKEN>`: automation, a super admin ("admin-token")
 * - the console session cookie (http/admin-session.ts): a token sign-in (super admin) or
 *   a WeCom member, whose role is read now, on every request, so a revoked role ends at once
 * The token is compared in constant time and never logged; without a configured token
 * every admin request is refused, so forgetting the setting cannot open the API.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Principal } from '../../domain/access/roles.ts';
import { AuthenticationError, ForbiddenError } from '../../shared/errors.ts';
import { ADMIN_SESSION_COOKIE, adminSessionCodec, CSRF_HEADER, TOKEN_SESSION_USER } from '../admin-session.ts';
import type { RequestState } from './request-context.ts';

export interface AdminAuthOptions {
  /** The expected bearer token; undefined when ADMIN_TOKEN is not set (all refused). */
  token: string | undefined;
  /** The principal of the token (bearer or token session). */
  tokenPrincipal: Principal;
  /** A signed-in WeCom member's principal, with their role as stored now. */
  memberPrincipal: (userId: string) => Promise<Principal>;
  /** Epoch ms, for the console session's age. @defaultValue Date.now */
  now?: () => number;
}

/** Methods that change nothing, so a cookie alone may authorise them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
 * Middleware that lets a request through with `Authorization: Bearer <token>`, or with a
 * valid console session cookie — plus the X-Requested-With header unless the method is
 * safe. A bearer header, when present, decides alone (a wrong one is not rescued by a
 * cookie). Refusals are thrown for errorHandler: 401 `unauthenticated`, 403 `csrf`.
 * @param options - the configured token and how to know a member's role
 * @returns a named Koa middleware
 */
export function adminAuth(options: AdminAuthOptions): Middleware<RequestState> {
  const expected = options.token;
  const sessions = expected ? adminSessionCodec(expected) : undefined;
  const now = options.now ?? Date.now;
  return async function adminAuthMiddleware(ctx, next) {
    ctx.set('WWW-Authenticate', 'Bearer realm="admin"');
    if (expected === undefined || expected === '' || !sessions) {
      throw new AuthenticationError('the admin API is disabled: set ADMIN_TOKEN to enable it');
    }
    const presented = BEARER.exec(ctx.get('authorization'))?.[1];
    if (presented !== undefined) {
      if (!tokensMatch(presented, expected)) throw new AuthenticationError('the admin token is wrong');
      ctx.state.principal = options.tokenPrincipal;
    } else {
      const session = sessions.decodeSession(ctx.cookies.get(ADMIN_SESSION_COOKIE), now());
      if (!session) throw new AuthenticationError('Authorization: Bearer <ADMIN_TOKEN> or a console session is required');
      if (!SAFE_METHODS.has(ctx.method) && !ctx.get(CSRF_HEADER)) {
        throw new ForbiddenError('a console request that changes something must carry the X-Requested-With header', 'csrf');
      }
      ctx.state.principal = session.userId === TOKEN_SESSION_USER ? options.tokenPrincipal : await options.memberPrincipal(session.userId);
    }
    ctx.remove('WWW-Authenticate');
    await next();
  };
}
