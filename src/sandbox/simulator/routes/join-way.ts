/**
 * Customer group join ways (客户群「加入群聊」, doc 92229) and the group welcome template
 * library (入群欢迎语素材, PROTOCOL §4.3). WeCom's doc names the limits, not their errcodes:
 * the simulator answers 40058 for a bad parameter (scene not 1/2, chat_id_list empty or
 * over 5, state or remark over 30 characters, room_base_name over 40, a text over 4000
 * bytes, more than one attachment), 40050 for a chat it does not know, and 41044 for an
 * unknown config_id or template_id (the global table's "invalid config_id"; the product's
 * adapters read it as already deleted).
 */
import { fail, num, ok, str, strings, type Json, type Routes } from '../http.ts';
import { randomHex, type JoinWay, type World } from '../state.ts';

const ATTACHMENT_KINDS = ['image', 'link', 'miniprogram', 'file', 'video'] as const;
const longer = (value: string, max: number) => [...value].length > max;

/** The join way settings in `body` merged over `base`, or the errcode answer. */
function joinWaySettings(world: World, body: Json, base?: JoinWay): { settings: Omit<JoinWay, 'configId' | 'qrCode'>; error?: undefined } | { settings?: undefined; error: Json } {
  const scene = body.scene === undefined && base ? base.scene : num(body.scene);
  if (scene !== 1 && scene !== 2) return { error: fail(40058, 'scene must be 1 or 2') };
  const chatIds = body.chat_id_list === undefined && base ? base.chatIds : strings(body.chat_id_list);
  if (!chatIds || chatIds.length === 0 || chatIds.length > 5) return { error: fail(40058, 'chat_id_list: 1 to 5 chat ids') };
  const unknown = chatIds.find((chatId) => !world.groups.has(chatId));
  if (unknown) return { error: fail(40050, `invalid chatid: ${unknown}`) };
  const state = body.state === undefined && base ? base.state : str(body.state);
  const remark = body.remark === undefined && base ? base.remark : str(body.remark);
  const roomBaseName = body.room_base_name === undefined && base ? base.roomBaseName : str(body.room_base_name);
  if (longer(state, 30) || longer(remark, 30)) return { error: fail(40058, 'state and remark: at most 30 characters') };
  if (longer(roomBaseName, 40)) return { error: fail(40058, 'room_base_name: at most 40 characters') };
  // WeCom's default for auto_create_room is 1.
  const autoCreateRoom = body.auto_create_room === undefined ? (base?.autoCreateRoom ?? true) : body.auto_create_room === 1;
  const roomBaseId = num(body.room_base_id) ?? base?.roomBaseId ?? 1;
  return { settings: { scene, chatIds: [...chatIds], state, remark, autoCreateRoom, roomBaseName, roomBaseId } };
}

function findWay(world: World, body: Json): JoinWay | undefined {
  return world.joinWays.get(str(body.config_id));
}

/** A template's content (text and at most one attachment), or the errcode answer. */
function templateContent(body: Json): { content: Record<string, unknown>; error?: undefined } | { content?: undefined; error: Json } {
  const text = (body.text as { content?: unknown } | undefined)?.content;
  if (text !== undefined && (typeof text !== 'string' || Buffer.byteLength(text, 'utf8') > 4000)) return { error: fail(40058, 'text.content: at most 4000 bytes') };
  const attachments = ATTACHMENT_KINDS.filter((kind) => body[kind] !== undefined);
  if (attachments.length > 1) return { error: fail(40058, 'at most one attachment') };
  if (text === undefined && attachments.length === 0) return { error: fail(40058, 'text or an attachment is required') };
  return { content: Object.fromEntries([...(text === undefined ? [] : [['text', { content: text }]]), ...attachments.map((kind) => [kind, body[kind]])]) };
}

export const joinWayRoutes: Routes = {
  '/cgi-bin/externalcontact/groupchat/add_join_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const { settings, error } = joinWaySettings(world, body);
      if (error) return error;
      const configId = randomHex(16);
      // Mini-program buttons (scene 1) have no QR code.
      world.joinWays.set(configId, { configId, ...settings, qrCode: settings.scene === 2 ? `https://wework.qpic.cn/wwpic/simjoin${configId}/0` : '' });
      return ok({ config_id: configId });
    },
  },
  '/cgi-bin/externalcontact/groupchat/get_join_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const way = findWay(world, body);
      if (!way) return fail(41044, 'invalid config_id');
      return ok({
        join_way: {
          config_id: way.configId,
          scene: way.scene,
          remark: way.remark,
          auto_create_room: way.autoCreateRoom ? 1 : 0,
          room_base_name: way.roomBaseName,
          room_base_id: way.roomBaseId,
          chat_id_list: way.chatIds,
          qr_code: way.qrCode,
          state: way.state,
        },
      });
    },
  },
  '/cgi-bin/externalcontact/groupchat/update_join_way': {
    method: 'POST',
    handle: ({ world, body }) => {
      const way = findWay(world, body);
      if (!way) return fail(41044, 'invalid config_id');
      const { settings, error } = joinWaySettings(world, body, way);
      if (error) return error;
      Object.assign(way, settings);
      return ok();
    },
  },
  '/cgi-bin/externalcontact/groupchat/del_join_way': {
    method: 'POST',
    handle: ({ world, body }) => (world.joinWays.delete(str(body.config_id)) ? ok() : fail(41044, 'invalid config_id')),
  },
  '/cgi-bin/externalcontact/group_welcome_template/add': {
    method: 'POST',
    handle: ({ world, body }) => {
      const { content, error } = templateContent(body);
      if (error) return error;
      const templateId = `msg${randomHex(12)}`;
      world.groupWelcomeTemplates.set(templateId, { templateId, content, notify: body.notify !== 0 });
      return ok({ template_id: templateId });
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/edit': {
    method: 'POST',
    handle: ({ world, body }) => {
      const template = world.groupWelcomeTemplates.get(str(body.template_id));
      if (!template) return fail(41044, 'invalid template_id');
      const { content, error } = templateContent(body);
      if (error) return error;
      template.content = content;
      return ok();
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/get': {
    method: 'POST',
    handle: ({ world, body }) => {
      const template = world.groupWelcomeTemplates.get(str(body.template_id));
      return template ? ok(template.content) : fail(41044, 'invalid template_id');
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/del': {
    method: 'POST',
    handle: ({ world, body }) => (world.groupWelcomeTemplates.delete(str(body.template_id)) ? ok() : fail(41044, 'invalid template_id')),
  },
};
