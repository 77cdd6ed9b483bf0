import { describe, expect, it } from 'vitest';
import { safeReturnTo, SESSION_MAX_AGE_MS, SessionCodec } from '../../../src/http/sidebar-session.ts';

const codec = new SessionCodec('a-session-secret-of-at-least-32-characters');
const T = 1_700_000_000_000;

describe('SessionCodec', () => {
  it('should read back its own session and refuse forged, foreign and expired ones', () => {
    const cookie = codec.encodeSession({ userId: 'sales.li', issuedAt: T });
    expect(codec.decodeSession(cookie, T + 1_000)).toEqual({ userId: 'sales.li', issuedAt: T });
    const [user, issued, mac] = cookie.split('.');
    const forged = `${Buffer.from('sales.boss').toString('base64url')}.${issued}.${mac}`;
    expect(codec.decodeSession(forged, T)).toBeNull();
    expect(new SessionCodec('another-secret-of-at-least-32-characters!').decodeSession(cookie, T)).toBeNull();
    expect(codec.decodeSession(cookie, T + SESSION_MAX_AGE_MS + 1)).toBeNull();
    expect(codec.decodeSession(`${user}.${issued}`, T)).toBeNull();
    expect(codec.decodeSession(undefined, T)).toBeNull();
  });

  it('should check the age of a session it has verified before on every use, and hand out copies', () => {
    const cookie = codec.encodeSession({ userId: 'sales.wang', issuedAt: T });
    const first = codec.decodeSession(cookie, T)!;
    first.userId = 'sales.boss';
    expect(codec.decodeSession(cookie, T)).toEqual({ userId: 'sales.wang', issuedAt: T });
    // Issued more than a minute in the reader's future, then too old: refused although remembered.
    expect(codec.decodeSession(cookie, T - 61_000)).toBeNull();
    expect(codec.decodeSession(cookie, T + SESSION_MAX_AGE_MS + 1)).toBeNull();
    expect(codec.decodeSession(`${cookie}x`, T)).toBeNull();
  });

  it('should accept only the CSRF token of the same session', () => {
    const session = { userId: 'sales.li', issuedAt: T };
    expect(codec.checkCsrf(session, codec.csrfToken(session))).toBe(true);
    expect(codec.checkCsrf({ ...session, issuedAt: T + 1 }, codec.csrfToken(session))).toBe(false);
    expect(codec.checkCsrf(session, undefined)).toBe(false);
  });

  it('should keep the login state for ten minutes only', () => {
    const state = codec.encodeLoginState('nonce1', '/sidebar/?customer=wm1', T);
    expect(codec.decodeLoginState(state, T + 60_000)).toEqual({ nonce: 'nonce1', returnTo: '/sidebar/?customer=wm1' });
    expect(codec.decodeLoginState(state, T + 11 * 60_000)).toBeNull();
    expect(codec.decodeSession(state, T)).toBeNull();
  });
});

describe('safeReturnTo()', () => {
  it.each([
    ['/sidebar/?customer=wm1', '/sidebar/?customer=wm1'],
    ['https://evil.example/sidebar/', '/sidebar/'],
    ['//evil.example/sidebar/', '/sidebar/'],
    ['/api/admin/customers', '/sidebar/'],
    [undefined, '/sidebar/'],
  ])('should turn %s into %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
