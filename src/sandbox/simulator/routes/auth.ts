/**
 * Tokens, JS-SDK tickets and the web login (PROTOCOL §4.1, §4.10). Like WeCom, gettoken
 * and the ticket APIs answer the same value while it is valid, with the seconds left.
 */
import { fail, ok, type Routes } from '../http.ts';
import { randomHex, type World } from '../state.ts';

const LIFETIME_MS = 7_200_000;

function ticket(world: World, kind: 'jsapi' | 'agent_config') {
  let current = world.tickets.get(kind);
  if (!current || current.expiresAt <= world.now()) {
    current = { ticket: `SIMTICKET${randomHex(24)}`, expiresAt: world.now() + LIFETIME_MS };
    world.tickets.set(kind, current);
  }
  return ok({ ticket: current.ticket, expires_in: Math.ceil((current.expiresAt - world.now()) / 1000) });
}

export const authRoutes: Routes = {
  '/cgi-bin/gettoken': {
    method: 'GET',
    public: true,
    handle: ({ world, query }) => {
      if (query.get('corpid') !== world.options.corpId) return fail(40013, 'invalid corpid');
      const secret = query.get('corpsecret') ?? '';
      if (!world.options.secrets.includes(secret)) return fail(40001, 'invalid credential');
      let token = world.tokenBySecret.get(secret);
      if (!token || (world.accessTokens.get(token) ?? 0) <= world.now()) {
        token = `SIM${randomHex(24)}`;
        world.accessTokens.set(token, world.now() + LIFETIME_MS);
        world.tokenBySecret.set(secret, token);
      }
      return ok({ access_token: token, expires_in: Math.ceil((world.accessTokens.get(token)! - world.now()) / 1000) });
    },
  },
  '/cgi-bin/get_jsapi_ticket': { method: 'GET', handle: ({ world }) => ticket(world, 'jsapi') },
  '/cgi-bin/ticket/get': {
    method: 'GET',
    handle: ({ world, query }) => (query.get('type') === 'agent_config' ? ticket(world, 'agent_config') : fail(40058, 'invalid type')),
  },
  '/cgi-bin/auth/getuserinfo': {
    method: 'GET',
    handle: ({ world, query }) => {
      const code = query.get('code') ?? '';
      const issued = world.loginCodes.get(code);
      // Single use, 5 minutes (PROTOCOL §4.10).
      world.loginCodes.delete(code);
      if (!issued || world.now() - issued.issuedAt > world.options.loginCodeTtlMs) return fail(40029, 'invalid code');
      return issued.userId ? ok({ userid: issued.userId }) : ok({ openid: issued.openId });
    },
  },
};
