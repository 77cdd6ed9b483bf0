/**
 * Customer group join ways (客户群「加入群聊」, doc 92229): `groupchat/add_join_way`,
 * `get_join_way`, `update_join_way`, `del_join_way`. Always scene 2 (a QR code). WeCom
 * sends a scanner to the first listed group that is below 200 members; with
 * auto_create_room it opens a new group (room_base_name + room_base_id, counting up) once
 * every listed group holds 200. add_join_way answers only the config_id: the QR code URL
 * comes from get_join_way. update_join_way replaces the whole configuration, so every
 * call sends every field.
 */
import { MAX_JOIN_WAY_REMARK, MAX_ROOM_BASE_NAME } from '../../domain/group-code/group-code.ts';
import type { JoinWayGateway, JoinWaySettings } from '../../domain/ports.ts';
import { WecomApiError } from '../errors.ts';
import type { WecomClient } from '../client.ts';

/** A config_id WeCom does not know (deleted elsewhere, or never made): WeCom's global table calls 41044 an invalid config_id. */
const UNKNOWN_CONFIG = new Set([41044]);
/** Scene 2: 群的二维码插件. */
const QR_SCENE = 2;

const chars = (text: string, max: number) => [...text].slice(0, max).join('');

function body(settings: JoinWaySettings): Record<string, unknown> {
  return {
    scene: QR_SCENE,
    remark: chars(settings.remark, MAX_JOIN_WAY_REMARK),
    auto_create_room: settings.autoCreateRoom ? 1 : 0,
    ...(settings.autoCreateRoom && settings.roomBaseName ? { room_base_name: chars(settings.roomBaseName, MAX_ROOM_BASE_NAME) } : {}),
    ...(settings.autoCreateRoom && settings.roomBaseId !== undefined ? { room_base_id: settings.roomBaseId } : {}),
    chat_id_list: settings.chatIds,
    state: settings.state,
  };
}

export class WecomJoinWays implements JoinWayGateway {
  constructor(private readonly client: WecomClient) {}

  async create(settings: JoinWaySettings): Promise<{ configId: string }> {
    const response = await this.client.request<{ config_id: string }>({
      api: '/cgi-bin/externalcontact/groupchat/add_join_way',
      method: 'POST',
      secret: 'contact',
      body: body(settings),
    });
    return { configId: response.config_id };
  }

  async get(configId: string): Promise<{ qrCode: string; chatIds: string[] } | null> {
    try {
      const { join_way: way } = await this.client.request<{ join_way: { qr_code?: string; chat_id_list?: string[] } }>({
        api: '/cgi-bin/externalcontact/groupchat/get_join_way',
        method: 'POST',
        secret: 'contact',
        body: { config_id: configId },
      });
      return { qrCode: way.qr_code ?? '', chatIds: way.chat_id_list ?? [] };
    } catch (error) {
      if (error instanceof WecomApiError && UNKNOWN_CONFIG.has(error.errcode)) return null;
      throw error;
    }
  }

  async update(configId: string, settings: JoinWaySettings): Promise<void> {
    await this.client.request({
      api: '/cgi-bin/externalcontact/groupchat/update_join_way',
      method: 'POST',
      secret: 'contact',
      body: { config_id: configId, ...body(settings) },
    });
  }

  /** A config already gone counts as removed, so a retried delete finishes. */
  async remove(configId: string): Promise<void> {
    try {
      await this.client.request({ api: '/cgi-bin/externalcontact/groupchat/del_join_way', method: 'POST', secret: 'contact', body: { config_id: configId } });
    } catch (error) {
      if (!(error instanceof WecomApiError && UNKNOWN_CONFIG.has(error.errcode))) throw error;
    }
  }
}
