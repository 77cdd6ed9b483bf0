/**
 * WeCom web login (OAuth2 `snsapi_base`), shared by the sidebar and the admin console:
 * `start` remembers a nonce and where to return in a short-lived signed cookie and
 * redirects to WeCom's authorize page; `callback` checks the nonce against `state`,
 * trades the code for the member's userid (auth/getuserinfo) and hands it to
 * `onMember`, which opens the caller's own session. In sandbox mode `dev-login?userId`
 * stands in for WeCom.
 */
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { MemberLogin } from '../domain/ports.ts';
import { AuthenticationError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import type { RequestState } from './middleware/request-context.ts';
import { parseInput } from './routes/admin.schema.ts';
import { LOGIN_STATE_MAX_AGE_MS, type SessionCodec } from './sidebar-session.ts';

export interface WecomLoginOptions {
  /** Where the three routes live within the router ("" for a router with the prefix). */
  basePath: string;
  /** The same place as the browser sees it, for WeCom's redirect_uri, e.g. `/api/sidebar`. */
  publicPath: string;
  /** Name of the login-state cookie (each surface its own, so two logins never cross). */
  stateCookie: string;
  /** Cookie attributes for this surface (path, SameSite…), with the given max age. */
  cookie: (ctx: Context, maxAgeMs: number | undefined) => Parameters<Context['cookies']['set']>[2];
  /** The codec that seals the login state; throws when the surface is not configured. */
  sessions: () => SessionCodec;
  /** WeCom's login; undefined → the OAuth routes answer 404 (sandbox: use dev-login). */
  login: MemberLogin | undefined;
  /** Whether `dev-login` is open (sandbox mode only). */
  sandbox: boolean;
  /** A same-surface path to return to (anything else falls back to the surface's home). */
  returnTo: (value: unknown) => string;
  /** Opens the surface's session for a member; may refuse by throwing. */
  onMember: (ctx: Context, userId: string) => Promise<void> | void;
  now: () => number;
}

/** Adds `GET oauth/start`, `GET oauth/callback` and `GET dev-login` under `basePath`. */
export function addWecomLogin(router: Router<RequestState>, options: WecomLoginOptions): void {
  const { basePath } = options;
  router.get(`${basePath}/oauth/start`, async (ctx) => {
    if (!options.login) throw new NotFoundError(`WeCom login is not configured${options.sandbox ? ` (sandbox mode: use ${options.publicPath}/dev-login)` : ''}`);
    const nonce = randomBytes(12).toString('base64url');
    const state = options.sessions().encodeLoginState(nonce, options.returnTo(ctx.query.returnTo), options.now());
    ctx.cookies.set(options.stateCookie, state, options.cookie(ctx, LOGIN_STATE_MAX_AGE_MS));
    ctx.redirect(options.login.authorizeUrl(`${ctx.protocol}://${ctx.host}${options.publicPath}/oauth/callback`, nonce));
  });

  router.get(`${basePath}/oauth/callback`, async (ctx) => {
    if (!options.login) throw new NotFoundError('WeCom login is not configured');
    const state = options.sessions().decodeLoginState(ctx.cookies.get(options.stateCookie), options.now());
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!state || state.nonce !== ctx.query.state || !code) throw new AuthenticationError('the login expired or did not start here; sign in again', 'login_state_invalid');
    const userId = await options.login.userIdForCode(code);
    if (!userId) throw new ForbiddenError('only members of the corp can sign in');
    ctx.cookies.set(options.stateCookie, null, options.cookie(ctx, undefined));
    await options.onMember(ctx, userId);
    ctx.redirect(state.returnTo);
  });

  router.get(`${basePath}/dev-login`, async (ctx) => {
    if (!options.sandbox) throw new NotFoundError('No such route');
    const userId = parseInput(z.string().min(1).max(64), ctx.query.userId, 'userId');
    await options.onMember(ctx, userId);
    ctx.redirect(options.returnTo(ctx.query.returnTo));
  });
}
