/**
 * 「联系我」 (PROTOCOL §4.7, doc 92228): `add_contact_way`, `update_contact_way`,
 * `del_contact_way`. Always type 2 (several members) with scene 2 (a QR code): the type
 * cannot change later, and a channel's members change as people reach the customer cap.
 * Configs made through the API do not show in the admin console, so the config_id must
 * be kept.
 */
import type { ContactWayGateway } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

/** WeCom's limit on a contact way's remark. */
const MAX_REMARK = 30;

export class WecomContactWays implements ContactWayGateway {
  constructor(private readonly client: WecomClient) {}

  async create(input: { state: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<{ configId: string; qrCode: string }> {
    const response = await this.client.request<{ config_id: string; qr_code: string }>({
      api: '/cgi-bin/externalcontact/add_contact_way',
      method: 'POST',
      secret: 'contact',
      body: { type: 2, scene: 2, state: input.state, user: input.userIds, skip_verify: input.skipVerify, remark: input.remark.slice(0, MAX_REMARK) },
    });
    return { configId: response.config_id, qrCode: response.qr_code };
  }

  async update(input: { configId: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<void> {
    await this.client.request({
      api: '/cgi-bin/externalcontact/update_contact_way',
      method: 'POST',
      secret: 'contact',
      body: { config_id: input.configId, user: input.userIds, skip_verify: input.skipVerify, remark: input.remark.slice(0, MAX_REMARK) },
    });
  }

  async remove(configId: string): Promise<void> {
    await this.client.request({ api: '/cgi-bin/externalcontact/del_contact_way', method: 'POST', secret: 'contact', body: { config_id: configId } });
  }
}
