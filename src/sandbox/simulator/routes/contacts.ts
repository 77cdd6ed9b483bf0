/**
 * Customers and corp tags (PROTOCOL §4.2). `get` pages follow_user by
 * `followPageSize` with next_cursor. Errcodes: 40096 missing external_userid, 84061
 * unknown customer / no relation, 40068 unknown tag or group id, 40071 tag name already in
 * the group (or twice in one call), 40072 tag or group name empty or over 30 characters,
 * 40058 malformed body, 60111 unknown member userid (WeCom's "userid not found").
 * `remark` sets the follow's remark (≤ 20 characters) and description (≤ 150), read back
 * through `get`; 40058 when it carries nothing to set or a text over its limit.
 */
import { decodeCursor, encodeCursor, fail, ok, str, strings, type Json, type Routes } from '../http.ts';
import { randomHex, type Follow, type TagGroup, type World } from '../state.ts';

function followJson(world: World, follow: Follow): Json {
  return {
    userid: follow.userId,
    remark: follow.remark,
    description: follow.description,
    createtime: follow.createtime,
    tags: follow.tagIds.flatMap((tagId) => {
      const found = world.findTag(tagId);
      return found ? [{ group_name: found.group.name, tag_name: found.tag.name, type: 1, tag_id: tagId }] : [];
    }),
    remark_mobiles: [],
    add_way: follow.addWay,
    oper_userid: follow.operUserId,
    ...(follow.state ? { state: follow.state } : {}),
  };
}

function groupJson(group: TagGroup, tags = group.tags): Json {
  return {
    group_id: group.groupId,
    group_name: group.name,
    create_time: group.createTime,
    order: group.order,
    deleted: false,
    tag: tags.map((t) => ({ id: t.tagId, name: t.name, create_time: t.createTime, order: t.order, deleted: false })),
  };
}

const nameOk = (name: string) => name.length > 0 && [...name].length <= 30;
const REMARK_FIELDS = ['remark', 'description', 'remark_company', 'remark_mobiles', 'remark_pic_mediaid'];

export const contactRoutes: Routes = {
  '/cgi-bin/externalcontact/get': {
    method: 'GET',
    handle: ({ world, query }) => {
      const id = query.get('external_userid') ?? '';
      if (!id) return fail(40096, 'invalid external userid');
      const customer = world.customers.get(id);
      const follows = world.followsOf(id);
      if (!customer || follows.length === 0) return fail(84061, 'not external contact');
      const offset = decodeCursor(query.get('cursor') ?? '');
      if (offset === null) return fail(40058, 'invalid cursor');
      const size = world.options.followPageSize;
      const page = follows.slice(offset, offset + size);
      return ok({
        external_contact: {
          external_userid: customer.externalUserId,
          name: customer.name,
          avatar: customer.avatar,
          type: customer.type,
          gender: customer.gender,
          ...(customer.unionId ? { unionid: customer.unionId } : {}),
        },
        follow_user: page.map((f) => followJson(world, f)),
        ...(offset + size < follows.length ? { next_cursor: encodeCursor(offset + size) } : {}),
      });
    },
  },
  '/cgi-bin/externalcontact/get_corp_tag_list': {
    method: 'POST',
    handle: ({ world, body }) => {
      const tagIds = body.tag_id === undefined ? [] : strings(body.tag_id);
      const groupIds = body.group_id === undefined ? [] : strings(body.group_id);
      if (!tagIds || !groupIds) return fail(40058, 'tag_id and group_id must be string arrays');
      // WeCom: with both given, group_id wins.
      if (groupIds.length > 0) return ok({ tag_group: world.tagGroups.filter((g) => groupIds.includes(g.groupId)).map((g) => groupJson(g)) });
      if (tagIds.length > 0) {
        const groups = world.tagGroups.map((g) => ({ g, tags: g.tags.filter((t) => tagIds.includes(t.tagId)) })).filter(({ tags }) => tags.length > 0);
        return ok({ tag_group: groups.map(({ g, tags }) => groupJson(g, tags)) });
      }
      return ok({ tag_group: world.tagGroups.map((g) => groupJson(g)) });
    },
  },
  '/cgi-bin/externalcontact/add_corp_tag': {
    method: 'POST',
    handle: ({ world, body }) => {
      const groupId = str(body.group_id);
      const groupName = str(body.group_name);
      const tags = Array.isArray(body.tag) ? (body.tag as { name?: unknown; order?: unknown }[]) : null;
      if (!tags || tags.length === 0) return fail(40058, 'tag is required');
      const names = tags.map((t) => str(t?.name));
      if (!names.every(nameOk)) return fail(40072, 'invalid tag name length');
      if (new Set(names).size !== names.length) return fail(40071, 'tag name duplicated');
      let group: TagGroup | undefined;
      if (groupId) {
        group = world.tagGroups.find((g) => g.groupId === groupId);
        if (!group) return fail(40068, 'invalid tag group id');
      } else {
        if (!nameOk(groupName)) return fail(40072, 'invalid group name length');
        // An existing group name adds to that group (doc 92117).
        group = world.tagGroups.find((g) => g.name === groupName);
      }
      const existing = group?.tags ?? [];
      if (names.some((name) => existing.some((t) => t.name === name))) return fail(40071, 'tag name exists');
      if (!group) {
        group = { groupId: `et${randomHex(11)}`, name: groupName, createTime: world.nowSec(), order: typeof body.order === 'number' ? body.order : 0, tags: [] };
        world.tagGroups.push(group);
      }
      const added = tags.map((t, i) => ({ tagId: `et${randomHex(11)}`, name: names[i]!, createTime: world.nowSec(), order: typeof t.order === 'number' ? t.order : 0 }));
      group.tags.push(...added);
      return ok({ tag_group: groupJson(group, added) });
    },
  },
  '/cgi-bin/externalcontact/remark': {
    method: 'POST',
    handle: ({ world, body }) => {
      const userId = str(body.userid);
      const externalUserId = str(body.external_userid);
      if (!externalUserId) return fail(40096, 'invalid external userid');
      if (!userId || !world.members.has(userId)) return fail(60111, 'userid not found');
      if (!REMARK_FIELDS.some((field) => body[field] !== undefined)) return fail(40058, 'nothing to remark');
      const remark = body.remark === undefined ? undefined : str(body.remark);
      const description = body.description === undefined ? undefined : str(body.description);
      if (remark !== undefined && [...remark].length > 20) return fail(40058, 'remark longer than 20 characters');
      if (description !== undefined && [...description].length > 150) return fail(40058, 'description longer than 150 characters');
      const follow = world.getFollow(userId, externalUserId);
      if (!follow) return fail(84061, 'not external contact');
      if (remark !== undefined) follow.remark = remark;
      if (description !== undefined) follow.description = description;
      return ok();
    },
  },
  '/cgi-bin/externalcontact/mark_tag': {
    method: 'POST',
    handle: ({ world, body }) => {
      const userId = str(body.userid);
      const externalUserId = str(body.external_userid);
      const add = body.add_tag === undefined ? [] : strings(body.add_tag);
      const remove = body.remove_tag === undefined ? [] : strings(body.remove_tag);
      const answer = (errcode: number, errmsg: string) => {
        world.marks.push({ at: world.now(), userId, externalUserId, add: add ?? [], remove: remove ?? [], errcode });
        return errcode === 0 ? ok() : fail(errcode, errmsg);
      };
      if (!add || !remove || (add.length === 0 && remove.length === 0)) return answer(40058, 'add_tag or remove_tag required');
      if (!userId || !world.members.has(userId)) return answer(60111, 'userid not found');
      if ([...add, ...remove].some((id) => !world.findTag(id))) return answer(40068, 'invalid tagid');
      const follow = world.getFollow(userId, externalUserId);
      if (!follow) return answer(84061, 'not external contact');
      for (const id of add) if (!follow.tagIds.includes(id)) follow.tagIds.push(id);
      follow.tagIds = follow.tagIds.filter((id) => !remove.includes(id));
      return answer(0, 'ok');
    },
  },
};
