/**
 * The admin console's sign-in under /api/admin/session:
 * - `POST /session` `{ token }` → 204 and the session cookie (HttpOnly, SameSite=Strict,
 *   scoped to /api/admin, 12 h); 401 when the token is wrong or ADMIN_TOKEN is not set
 * - `DELETE /session` → 204 and the cookie cleared (sign-out; harmless without a session)
 * - `GET /session` → 200 `{ signedIn: true }` behind the gate: the console asks it at boot
 * POST and DELETE check for themselves, so app.ts lets them past the gate.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { AuthenticationError } from '../../shared/errors.ts';
import { ADMIN_SESSION_COOKIE, adminSessionCodec, CONSOLE_USER } from '../admin-session.ts';
import { readJsonBody } from '../json-body.ts';
import { tokensMatch } from '../middleware/admin-auth.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { SESSION_MAX_AGE_MS } from '../sidebar-session.ts';
import { parseInput } from './admin.schema.ts';

const signInSchema = z.strictObject({ token: z.string().min(1).max(1024) });

export function adminSessionRoutes(options: { basePath: string; token: string | undefined; now: () => number }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const path = `${options.basePath}/session`;
  const cookie = (ctx: Context, maxAge?: number) => ({ httpOnly: true, sameSite: 'strict' as const, secure: ctx.secure, path: options.basePath, overwrite: true, maxAge });

  router.post(path, async (ctx) => {
    const { token } = parseInput(signInSchema, await readJsonBody(ctx));
    if (!options.token) throw new AuthenticationError('the admin API is disabled: set ADMIN_TOKEN to enable it');
    if (!tokensMatch(token, options.token)) throw new AuthenticationError('the admin token is wrong');
    const value = adminSessionCodec(options.token).encodeSession({ userId: CONSOLE_USER, issuedAt: options.now() });
    ctx.cookies.set(ADMIN_SESSION_COOKIE, value, cookie(ctx, SESSION_MAX_AGE_MS));
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 204;
  });

  router.delete(path, async (ctx) => {
    ctx.cookies.set(ADMIN_SESSION_COOKIE, null, cookie(ctx));
    ctx.status = 204;
  });

  router.get(path, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { signedIn: true };
  });

  return router;
}
