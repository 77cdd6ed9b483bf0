import type { Context } from 'koa';
import { describe, expect, it, vi } from 'vitest';
import { TOKEN_PRINCIPAL } from '../../../src/app/access/roles.ts';
import type { Principal, Role } from '../../../src/domain/access/roles.ts';
import { ADMIN_SESSION_COOKIE, adminSessionCodec, TOKEN_SESSION_USER } from '../../../src/http/admin-session.ts';
import { adminAuth, tokensMatch } from '../../../src/http/middleware/admin-auth.ts';
import { SESSION_MAX_AGE_MS } from '../../../src/http/sidebar-session.ts';
import { AuthenticationError } from '../../../src/shared/errors.ts';

const FIXTURE_TOKEN = 'a-long-random-admin-token-0001';

const NOW = Date.UTC(2026, 10, 23, 2);

interface FakeRequest {
  authorization?: string;
  cookie?: string;
  method?: string;
  requestedWith?: string;
}

/** The few parts of a Koa context the middleware touches. */
function fakeContext(request: FakeRequest) {
  const headers = new Map<string, string>();
  const requestHeaders: Record<string, string | undefined> = { authorization: request.authorization, 'x-requested-with': request.requestedWith };
  const ctx = {
    state: {} as { principal?: Principal },
    method: request.method ?? 'GET',
    get: (name: string) => requestHeaders[name.toLowerCase()] ?? '',
    set: (name: string, value: string) => headers.set(name, value),
    remove: (name: string) => headers.delete(name),
    cookies: { get: (name: string) => (name === ADMIN_SESSION_COOKIE ? request.cookie : undefined) },
  };
  return { ctx: ctx as unknown as Context, headers };
}

/** Roles as the database holds them now; a test changes one to revoke it. */
const FIXTURE_ROLES = new Map<string, Role>([['lead.zhou', 'dept_lead']]);
const memberPrincipal = async (userId: string): Promise<Principal> => ({ actor: userId, userId, role: FIXTURE_ROLES.get(userId) ?? 'salesperson' });

async function run(token: string | undefined, request: string | FakeRequest = {}) {
  const { ctx, headers } = fakeContext(typeof request === 'string' ? { authorization: request } : request);
  const next = vi.fn(async () => {});
  const middleware = adminAuth({ token, tokenPrincipal: TOKEN_PRINCIPAL, memberPrincipal, now: () => NOW }) as unknown as (ctx: Context, next: () => Promise<void>) => Promise<void>;
  const error = await middleware(ctx, next).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, next, headers, principal: (ctx.state as { principal?: Principal }).principal };
}

describe('tokensMatch()', () => {
  it('should be true only when both tokens are equal', () => {
    expect(tokensMatch(FIXTURE_TOKEN, FIXTURE_TOKEN)).toBe(true);
    expect(tokensMatch(FIXTURE_TOKEN.replace(/1$/, '2'), FIXTURE_TOKEN)).toBe(false);
  });

  it('should be false without throwing when the lengths differ', () => {
    expect(tokensMatch('short', FIXTURE_TOKEN)).toBe(false);
    expect(tokensMatch('', FIXTURE_TOKEN)).toBe(false);
  });
});

describe('adminAuth()', () => {
  it('should be a named middleware', () => {
    expect(adminAuth({ token: FIXTURE_TOKEN, tokenPrincipal: TOKEN_PRINCIPAL, memberPrincipal }).name).toBe('adminAuthMiddleware');
  });

  it('should call next and drop the challenge header when the bearer token is right', async () => {
    const { error, next, headers, principal } = await run(FIXTURE_TOKEN, `Bearer ${FIXTURE_TOKEN}`);
    expect(error).toBeUndefined();
    expect(next).toHaveBeenCalledOnce();
    expect(headers.has('WWW-Authenticate')).toBe(false);
    expect(principal).toEqual({ actor: 'admin-token', role: 'super_admin' });
  });

  it('should accept the scheme in any case when the token is right', async () => {
    expect((await run(FIXTURE_TOKEN, `bearer ${FIXTURE_TOKEN}`)).next).toHaveBeenCalledOnce();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'Bearer not-the-admin-token-at-all-x'],
    ['a prefix of the token', `Bearer ${FIXTURE_TOKEN.slice(0, -1)}`],
    ['Basic', `Basic ${Buffer.from(`admin:${FIXTURE_TOKEN}`).toString('base64')}`],
    ['two tokens', `Bearer ${FIXTURE_TOKEN} ${FIXTURE_TOKEN}`],
  ])('should throw a 401 unauthenticated and not call next when the header is %s', async (_label, header) => {
    const { error, next, headers } = await run(FIXTURE_TOKEN, header ?? {});
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((error as Error).message).not.toContain(FIXTURE_TOKEN);
    expect(next).not.toHaveBeenCalled();
    expect(headers.get('WWW-Authenticate')).toBe('Bearer realm="admin"');
  });

  it('should refuse every request with a message naming ADMIN_TOKEN when no token is configured', async () => {
    const { error, next } = await run(undefined, 'Bearer anything');
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((error as Error).message).toContain('set ADMIN_TOKEN');
    expect(next).not.toHaveBeenCalled();
  });
});

describe('adminAuth() with the console session cookie', () => {
  const cookie = (issuedAt = NOW - 60_000, token = FIXTURE_TOKEN, userId = TOKEN_SESSION_USER) => adminSessionCodec(token).encodeSession({ userId, issuedAt });

  it('should let a GET through on the cookie alone, as a super admin when the token opened the session', async () => {
    const { error, next, principal } = await run(FIXTURE_TOKEN, { cookie: cookie() });
    expect(error).toBeUndefined();
    expect(next).toHaveBeenCalledOnce();
    expect(principal).toEqual(TOKEN_PRINCIPAL);
  });

  it('should read a member session\'s role on every request, so a revoked role ends at once', async () => {
    const member = cookie(NOW - 60_000, FIXTURE_TOKEN, 'lead.zhou');
    expect((await run(FIXTURE_TOKEN, { cookie: member })).principal).toEqual({ actor: 'lead.zhou', userId: 'lead.zhou', role: 'dept_lead' });
    FIXTURE_ROLES.delete('lead.zhou');
    expect((await run(FIXTURE_TOKEN, { cookie: member })).principal).toEqual({ actor: 'lead.zhou', userId: 'lead.zhou', role: 'salesperson' });
  });

  it('should take a session of a member named "admin" for that member, never for the token', async () => {
    expect((await run(FIXTURE_TOKEN, { cookie: cookie(NOW - 60_000, FIXTURE_TOKEN, 'admin') })).principal).toMatchObject({ role: 'salesperson' });
  });

  it.each(['POST', 'PATCH', 'DELETE'])('should refuse a %s on the cookie without X-Requested-With with 403 csrf', async (method) => {
    const { error, next } = await run(FIXTURE_TOKEN, { cookie: cookie(), method });
    expect(error).toMatchObject({ status: 403, code: 'csrf' });
    expect(next).not.toHaveBeenCalled();
  });

  it('should let a POST through on the cookie with X-Requested-With', async () => {
    expect((await run(FIXTURE_TOKEN, { cookie: cookie(), method: 'POST', requestedWith: 'fetch' })).next).toHaveBeenCalledOnce();
  });

  it.each([
    ['forged', () => cookie().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
    ['older than its max age', () => cookie(NOW - SESSION_MAX_AGE_MS - 1)],
    ['signed under an earlier admin token', () => cookie(NOW - 60_000, 'the-previous-admin-token-0001')],
  ])('should answer 401 when the cookie is %s', async (_label, make) => {
    const { error, next } = await run(FIXTURE_TOKEN, { cookie: make() });
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(next).not.toHaveBeenCalled();
  });

  it('should not let a valid cookie rescue a wrong bearer token', async () => {
    const { error } = await run(FIXTURE_TOKEN, { cookie: cookie(), authorization: 'Bearer not-the-admin-token-at-all-x' });
    expect(error).toMatchObject({ status: 401, message: 'the admin token is wrong' });
  });

  it('should let a bearer POST through without X-Requested-With (automation)', async () => {
    expect((await run(FIXTURE_TOKEN, { authorization: `Bearer ${FIXTURE_TOKEN}`, method: 'POST' })).next).toHaveBeenCalledOnce();
  });
});
