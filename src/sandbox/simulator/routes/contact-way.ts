/**
 * 「联系我」 (PROTOCOL §4.7). PROTOCOL names 41037 / 41040–41045 only as "contact-way
 * parameter errors"; the numbers below follow WeCom's global errcode table: 41037 missing
 * type, 41038 missing scene, 41039 invalid type, 41040 invalid scene, 41043 missing
 * config_id, 41044 unknown config_id. 40058 for state / remark over 30 characters, an empty
 * user list or a type-1 config with other than one user; 60111 for an unknown userid.
 */
import { fail, ok, str, strings, type Json, type Routes } from '../http.ts';
import { randomHex, type ContactWay, type World } from '../state.ts';

const tooLong = (value: string) => [...value].length > 30;

/** Checks a user list; returns the errcode answer or null. */
function checkUsers(world: World, users: string[] | null, type: number): Json | null {
  if (!users || users.length === 0) return fail(40058, 'user is required');
  if (type === 1 && users.length !== 1) return fail(40058, 'type 1 needs exactly one user');
  const unknown = users.find((u) => !world.members.has(u));
  return unknown ? fail(60111, `userid not found: ${unknown}`) : null;
}

function findWay(world: World, body: Json): { way: ContactWay; error?: undefined } | { way?: undefined; error: Json } {
  const configId = str(body.config_id);
  if (!configId) return { error: fail(41043, 'missing config_id') };
  const way = world.contactWays.get(configId);
  return way ? { way } : { error: fail(41044, 'invalid config_id') };
}

export const contactWayRoutes: Routes = {
  '/cgi-bin/externalcontact/add_contact_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      if (body.type === undefined) return fail(41037, 'missing type');
      if (body.scene === undefined) return fail(41038, 'missing scene');
      if (body.type !== 1 && body.type !== 2) return fail(41039, 'invalid type');
      if (body.scene !== 1 && body.scene !== 2) return fail(41040, 'invalid scene');
      const state = str(body.state);
      const remark = str(body.remark);
      if (tooLong(state)) return fail(40058, 'state longer than 30 characters');
      if (tooLong(remark)) return fail(40058, 'remark longer than 30 characters');
      const users = strings(body.user ?? []);
      const bad = checkUsers(world, users, body.type);
      if (bad) return bad;
      const configId = randomHex(16);
      const way: ContactWay = {
        configId,
        type: body.type,
        scene: body.scene,
        state,
        userIds: [...users!],
        remark,
        skipVerify: body.skip_verify !== false,
        // Mini-program buttons (scene 1) have no QR code.
        qrCode: body.scene === 2 ? `https://wework.qpic.cn/wwpic/sim${configId}/0` : '',
        nextUser: 0,
      };
      world.contactWays.set(configId, way);
      return ok({ config_id: configId, ...(way.qrCode ? { qr_code: way.qrCode } : {}) });
    },
  },
  '/cgi-bin/externalcontact/update_contact_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const { way, error } = findWay(world, body);
      if (error) return error;
      const state = body.state === undefined ? way.state : str(body.state);
      const remark = body.remark === undefined ? way.remark : str(body.remark);
      if (tooLong(state)) return fail(40058, 'state longer than 30 characters');
      if (tooLong(remark)) return fail(40058, 'remark longer than 30 characters');
      let users = way.userIds;
      if (body.user !== undefined) {
        const given = strings(body.user);
        const bad = checkUsers(world, given, way.type);
        if (bad) return bad;
        users = [...given!];
      }
      Object.assign(way, { state, remark, userIds: users, ...(typeof body.skip_verify === 'boolean' ? { skipVerify: body.skip_verify } : {}) });
      return ok();
    },
  },
  '/cgi-bin/externalcontact/del_contact_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const { way, error } = findWay(world, body);
      if (error) return error;
      world.contactWays.delete(way.configId);
      return ok();
    },
  },
  '/cgi-bin/externalcontact/get_contact_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const { way, error } = findWay(world, body);
      if (error) return error;
      return ok({
        contact_way: { config_id: way.configId, type: way.type, scene: way.scene, remark: way.remark, skip_verify: way.skipVerify, state: way.state, qr_code: way.qrCode, user: way.userIds, party: [] },
      });
    },
  },
};
