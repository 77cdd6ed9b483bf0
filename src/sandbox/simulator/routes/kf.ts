/**
 * 微信客服 kf/sync_msg (PROTOCOL §3.6). PROTOCOL gives no errcodes for it; ours, after
 * WeCom's errcode table: 95007 missing, unknown or expired sync token (tokens come from
 * kfCustomerSays and live `kfTokenTtlMs`, 10 min), 95000 missing open_kfid, 40058 a
 * cursor the simulator did not hand out. An account with no messages yet has an empty
 * list. `limit` is clamped to 1..1000.
 */
import { decodeCursor, encodeCursor, fail, num, ok, str, type Routes } from '../http.ts';

export const kfRoutes: Routes = {
  '/cgi-bin/kf/sync_msg': {
    method: 'POST',
    handle: ({ world, body }) => {
      const token = str(body.token);
      const expiresAt = world.kfTokens.get(token);
      if (!token || expiresAt === undefined || expiresAt <= world.now()) return fail(95007, 'invalid msg token');
      const openKfId = str(body.open_kfid);
      if (!openKfId) return fail(95000, 'invalid open_kfid');
      const offset = decodeCursor(body.cursor);
      if (offset === null) return fail(40058, 'invalid cursor');
      const limit = Math.min(1000, Math.max(1, Math.floor(num(body.limit) ?? 1000)));
      const all = world.kfMessages.get(openKfId) ?? [];
      const page = all.slice(offset, offset + limit);
      const end = Math.min(all.length, Math.max(offset, offset + page.length));
      return ok({ next_cursor: encodeCursor(end), has_more: end < all.length ? 1 : 0, msg_list: structuredClone(page) });
    },
  },
};
