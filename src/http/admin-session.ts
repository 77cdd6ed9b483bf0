/**
 * The admin console's session: an HMAC-signed, HttpOnly, SameSite=Strict cookie scoped to
 * the admin API, opened either by pasting ADMIN_TOKEN once (a super admin session) or by
 * WeCom's web login (a member's session; their role is read from the database on every
 * request, so revoking it takes effect at once). The page never keeps the token in
 * browser storage. The signing key is derived from the token itself: a new ADMIN_TOKEN
 * ends every console session, and no other secret needs configuring. Writes made with the
 * cookie also need X-Requested-With (see middleware/admin-auth.ts).
 */
import { createHmac } from 'node:crypto';
import { SessionCodec } from './sidebar-session.ts';

export const ADMIN_SESSION_COOKIE = 'scrm_admin';
/** The console's WeCom login state (its own name: the sidebar's login may run in the same browser). */
export const ADMIN_LOGIN_STATE_COOKIE = 'scrm_admin_login';
/**
 * The session user of a token sign-in. `#` cannot occur in a WeCom userid (letters,
 * digits and `_-@.` only), so no member's session can pass for it.
 */
export const TOKEN_SESSION_USER = '#token';
/** Header a cookie-authenticated write must carry: other sites cannot send it without a CORS preflight we never grant. */
export const CSRF_HEADER = 'x-requested-with';

/** The codec for console sessions signed with a key derived from `adminToken`. */
export function adminSessionCodec(adminToken: string): SessionCodec {
  // v2: sessions carry a member's userid or TOKEN_SESSION_USER; v1 cookies (user "admin") no longer open.
  return new SessionCodec(createHmac('sha256', adminToken).update('scrm admin console session v2').digest('base64url'));
}
