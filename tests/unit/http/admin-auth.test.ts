import type { Context } from 'koa';
import { describe, expect, it, vi } from 'vitest';
import { adminAuth, tokensMatch } from '../../../src/http/middleware/admin-auth.ts';
import { AuthenticationError } from '../../../src/shared/errors.ts';

const FIXTURE_TOKEN = 'a-long-random-admin-token-0001';

/** The few parts of a Koa context the middleware touches. */
function fakeContext(authorization?: string) {
  const headers = new Map<string, string>();
  const ctx = {
    get: (name: string) => (name.toLowerCase() === 'authorization' ? (authorization ?? '') : ''),
    set: (name: string, value: string) => headers.set(name, value),
    remove: (name: string) => headers.delete(name),
  };
  return { ctx: ctx as unknown as Context, headers };
}

async function run(token: string | undefined, authorization?: string) {
  const { ctx, headers } = fakeContext(authorization);
  const next = vi.fn(async () => {});
  const middleware = adminAuth({ token }) as unknown as (ctx: Context, next: () => Promise<void>) => Promise<void>;
  const error = await middleware(ctx, next).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, next, headers };
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
    expect(adminAuth({ token: FIXTURE_TOKEN }).name).toBe('adminAuthMiddleware');
  });

  it('should call next and drop the challenge header when the bearer token is right', async () => {
    const { error, next, headers } = await run(FIXTURE_TOKEN, `Bearer ${FIXTURE_TOKEN}`);
    expect(error).toBeUndefined();
    expect(next).toHaveBeenCalledOnce();
    expect(headers.has('WWW-Authenticate')).toBe(false);
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
    const { error, next, headers } = await run(FIXTURE_TOKEN, header);
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
