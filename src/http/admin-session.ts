/**
 * The admin console's session: after the admin pastes ADMIN_TOKEN once, an HMAC-signed,
 * HttpOnly, SameSite=Strict cookie stands in for it, so the page never keeps the token in
 * browser storage. The signing key is derived from the token itself: a new ADMIN_TOKEN
 * ends every console session, and no other secret needs configuring. The cookie is
 * scoped to the admin API's path; writes made with it also need X-Requested-With (see
 * middleware/admin-auth.ts).
 */
import { createHmac } from 'node:crypto';
import { SessionCodec } from './sidebar-session.ts';

export const ADMIN_SESSION_COOKIE = 'scrm_admin';
/** The only user of an admin session; bearer calls are automation, cookie calls are the console. */
export const CONSOLE_USER = 'admin';
/** Header a cookie-authenticated write must carry: other sites cannot send it without a CORS preflight we never grant. */
export const CSRF_HEADER = 'x-requested-with';

/** The codec for console sessions signed with a key derived from `adminToken`. */
export function adminSessionCodec(adminToken: string): SessionCodec {
  return new SessionCodec(createHmac('sha256', adminToken).update('scrm admin console session v1').digest('base64url'));
}
