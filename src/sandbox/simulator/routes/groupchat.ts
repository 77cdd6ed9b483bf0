/**
 * Customer groups (PROTOCOL §4.5), for groups a driver made with createGroup(). 40050 for
 * an unknown chat_id (PROTOCOL is silent; the product's adapter reads 40050 and 49008 as
 * "no such group"), 40058 for a missing chat_id or a list `limit` outside 1..1000 or an
 * owner filter over 100 userids, 81017 for more than 1000 owners without a filter.
 */
import { decodeCursor, encodeCursor, fail, num, ok, str, strings, type Routes } from '../http.ts';

export const groupChatRoutes: Routes = {
  '/cgi-bin/externalcontact/groupchat/get': {
    method: 'POST',
    handle: ({ world, body }) => {
      const chatId = str(body.chat_id);
      if (!chatId) return fail(40058, 'chat_id is required');
      const group = world.groups.get(chatId);
      if (!group) return fail(40050, 'invalid chatid');
      const withNames = body.need_name === 1;
      return ok({
        group_chat: {
          chat_id: group.chatId,
          name: group.name,
          owner: group.owner,
          create_time: group.createTime,
          notice: group.notice,
          member_list: group.members.map((m) => {
            const unionId = m.type === 2 ? world.customers.get(m.userId)?.unionId : undefined;
            const name = m.type === 1 ? world.members.get(m.userId)?.name : world.customers.get(m.userId)?.name;
            return {
              userid: m.userId,
              type: m.type,
              join_time: m.joinTime,
              join_scene: m.joinScene ?? 1,
              ...(m.state ? { state: m.state } : {}),
              ...(m.userId === group.owner ? {} : { invitor: { userid: group.owner } }),
              group_nickname: '',
              ...(unionId ? { unionid: unionId } : {}),
              ...(withNames ? { name: name ?? m.userId } : {}),
            };
          }),
          admin_list: [],
          member_version: String(group.members.length),
        },
      });
    },
  },
  '/cgi-bin/externalcontact/groupchat/list': {
    method: 'POST',
    handle: ({ world, body }) => {
      const limit = num(body.limit);
      if (limit === undefined || limit < 1 || limit > 1000) return fail(40058, 'limit must be 1..1000');
      const owners = strings((body.owner_filter as { userid_list?: unknown } | undefined)?.userid_list ?? []);
      if (!owners || owners.length > 100) return fail(40058, 'owner_filter.userid_list: up to 100 userids');
      const status = num(body.status_filter) ?? 0;
      const all = [...world.groups.values()].filter((g) => (owners.length === 0 || owners.includes(g.owner)) && (status === 0 || g.status === status));
      if (owners.length === 0 && new Set(all.map((g) => g.owner)).size > 1000) return fail(81017, 'too many owners: use owner_filter');
      const offset = decodeCursor(body.cursor);
      if (offset === null) return fail(40058, 'invalid cursor');
      const page = all.slice(offset, offset + limit);
      return ok({
        group_chat_list: page.map((g) => ({ chat_id: g.chatId, status: g.status })),
        ...(offset + limit < all.length ? { next_cursor: encodeCursor(offset + limit) } : {}),
      });
    },
  },
};
