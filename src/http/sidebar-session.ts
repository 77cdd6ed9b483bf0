/**
 * The sidebar's session: after WeCom's web login (or the sandbox's dev login) the
 * salesperson's userid goes into an HMAC-signed, HttpOnly cookie. Writes also need a
 * CSRF token derived from the session, sent back in a header: a page on another origin
 * can make the browser send the cookie, but cannot read the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'scrm_sidebar';
export const LOGIN_STATE_COOKIE = 'scrm_login';
/** A working day: WeCom's webview keeps cookies, and re-login is one silent redirect. */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;
export const LOGIN_STATE_MAX_AGE_MS = 10 * 60_000;

export interface SidebarSession {
  userId: string;
  /** Epoch ms. */
  issuedAt: number;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url').toString('utf8');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Session cookies already verified (bounded): every sidebar call carries one, and its HMAC was a tenth of a profile read. */
const VERIFIED_LIMIT = 10_000;

export class SessionCodec {
  private readonly verified = new Map<string, SidebarSession>();

  constructor(private readonly secret: string) {}

  private mac(purpose: string, payload: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${payload}`).digest('base64url');
  }

  /** `payload.mac` for any purpose (session, login state). */
  private seal(purpose: string, parts: string[]): string {
    const payload = parts.map(b64).join('.');
    return `${payload}.${this.mac(purpose, payload)}`;
  }

  private open(purpose: string, value: string | undefined, count: number): string[] | null {
    if (!value) return null;
    const pieces = value.split('.');
    if (pieces.length !== count + 1) return null;
    const payload = pieces.slice(0, count).join('.');
    if (!sameText(pieces[count]!, this.mac(purpose, payload))) return null;
    return pieces.slice(0, count).map(unb64);
  }

  encodeSession(session: SidebarSession): string {
    return this.seal('session', [session.userId, String(session.issuedAt)]);
  }

  /** The session, or null when the cookie is missing, forged or older than its max age. */
  decodeSession(value: string | undefined, now: number): SidebarSession | null {
    // Keyed by the exact cookie text, so only a value whose MAC once matched is ever found;
    // the age is checked on every use.
    let session = value ? this.verified.get(value) : undefined;
    if (!session) {
      const parts = this.open('session', value, 2);
      if (!parts) return null;
      session = { userId: parts[0]!, issuedAt: Number(parts[1]) };
      if (!Number.isFinite(session.issuedAt)) return null;
      if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
      this.verified.set(value!, session);
    }
    if (now - session.issuedAt > SESSION_MAX_AGE_MS || session.issuedAt - now > 60_000) return null;
    return { ...session };
  }

  csrfToken(session: SidebarSession): string {
    return this.mac('csrf', `${session.userId}\n${session.issuedAt}`);
  }

  checkCsrf(session: SidebarSession, token: string | undefined): boolean {
    return Boolean(token) && sameText(token!, this.csrfToken(session));
  }

  /** The login round trip's state: a nonce (also the OAuth `state`) and where to return. */
  encodeLoginState(nonce: string, returnTo: string, issuedAt: number): string {
    return this.seal('login', [nonce, returnTo, String(issuedAt)]);
  }

  decodeLoginState(value: string | undefined, now: number): { nonce: string; returnTo: string } | null {
    const parts = this.open('login', value, 3);
    if (!parts || now - Number(parts[2]) > LOGIN_STATE_MAX_AGE_MS) return null;
    return { nonce: parts[0]!, returnTo: parts[1]! };
  }
}

/**
 * Only paths of the page itself (`/sidebar/…`, `/admin/…`): an open redirect would let
 * links log people in elsewhere.
 */
export function safeReturnTo(value: unknown, page: '/sidebar' | '/admin' = '/sidebar'): string {
  const home = `${page}/`;
  return typeof value === 'string' && value.startsWith(home) && !/[\\\s]/.test(value) ? value : home;
}
