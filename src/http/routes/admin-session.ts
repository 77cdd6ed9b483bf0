/**
 * The admin console's sign-in under /api/admin:
 * - `POST /session` `{ token }` → 204 and a super admin session cookie (HttpOnly,
 *   SameSite=Strict, scoped to /api/admin, 12 h); 401 when the token is wrong or ADMIN_TOKEN is not set
 * - `GET /oauth/start?returnTo=/admin/…` → WeCom's web login → `GET /oauth/callback` opens
 *   a member's session and returns to the console (the sidebar's login, http/wecom-login.ts);
 *   in sandbox mode `GET /dev-login?userId` does it directly
 * - `DELETE /session` → 204 and the cookie cleared (sign-out; harmless without a session)
 * - `GET /session` → 200 `{ signedIn, actor, userId, name, role }` behind the gate: the
 *   console asks it at boot to show who is signed in and which pages their role may use
 * Sign-in routes check for themselves (their policy is `public`).
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { WECOM_USERID } from '../../domain/access/staff.ts';
import type { MemberLogin, StaffDirectoryStore } from '../../domain/ports.ts';
import { AuthenticationError, ForbiddenError } from '../../shared/errors.ts';
import { ADMIN_LOGIN_STATE_COOKIE, ADMIN_SESSION_COOKIE, adminSessionCodec, TOKEN_SESSION_USER } from '../admin-session.ts';
import { readJsonBody } from '../json-body.ts';
import { tokensMatch } from '../middleware/admin-auth.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { safeReturnTo, SESSION_MAX_AGE_MS, type SessionCodec } from '../sidebar-session.ts';
import { addWecomLogin } from '../wecom-login.ts';
import { parseInput } from './admin.schema.ts';

const signInSchema = z.strictObject({ token: z.string().min(1).max(1024) });

export interface AdminSessionRouteOptions {
  basePath: string;
  token: string | undefined;
  now: () => number;
  /** WeCom's web login for staff; undefined → token sign-in only (and dev-login in sandbox mode). */
  login?: MemberLogin;
  sandbox?: boolean;
  /** Names for "who is signed in". */
  directory: Pick<StaffDirectoryStore, 'member'>;
}

export function adminSessionRoutes(options: AdminSessionRouteOptions): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const path = `${options.basePath}/session`;
  // Lax for the login state only: it must come back on WeCom's cross-site redirect to the callback.
  const cookie = (ctx: Context, maxAge?: number, sameSite: 'strict' | 'lax' = 'strict') => ({ httpOnly: true, sameSite, secure: ctx.secure, path: options.basePath, overwrite: true, maxAge });
  const sessions = (): SessionCodec => {
    if (!options.token) throw new AuthenticationError('the admin API is disabled: set ADMIN_TOKEN to enable it');
    return adminSessionCodec(options.token);
  };
  const startSession = (ctx: Context, userId: string) => {
    ctx.cookies.set(ADMIN_SESSION_COOKIE, sessions().encodeSession({ userId, issuedAt: options.now() }), cookie(ctx, SESSION_MAX_AGE_MS));
    ctx.set('Cache-Control', 'no-store');
  };

  router.post(path, async (ctx) => {
    const { token } = parseInput(signInSchema, await readJsonBody(ctx));
    sessions();
    if (!tokensMatch(token, options.token!)) throw new AuthenticationError('the admin token is wrong');
    startSession(ctx, TOKEN_SESSION_USER);
    ctx.status = 204;
  });

  addWecomLogin(router, {
    basePath: options.basePath,
    publicPath: options.basePath,
    stateCookie: ADMIN_LOGIN_STATE_COOKIE,
    cookie: (ctx, maxAge) => cookie(ctx, maxAge, 'lax'),
    sessions,
    login: options.login,
    sandbox: options.sandbox ?? false,
    returnTo: (value) => safeReturnTo(value, '/admin'),
    onMember: (ctx, userId) => {
      // Only a WeCom userid (letters, digits, _-@.) opens a member session: never the token's marker.
      if (!WECOM_USERID.test(userId)) throw new ForbiddenError('not a WeCom userid');
      startSession(ctx, userId);
    },
    now: options.now,
  });

  router.delete(path, async (ctx) => {
    ctx.cookies.set(ADMIN_SESSION_COOKIE, null, cookie(ctx));
    ctx.status = 204;
  });

  router.get(path, async (ctx) => {
    const principal = ctx.state.principal!;
    const member = principal.userId ? await options.directory.member(principal.userId) : null;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { signedIn: true, actor: principal.actor, userId: principal.userId ?? null, name: member?.name ?? null, role: principal.role };
  });

  return router;
}
