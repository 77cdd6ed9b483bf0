/**
 * 「联系我」: `POST /cgi-bin/externalcontact/add_contact_way` (PROTOCOL §4.7, doc 92228).
 * type 1 = one salesperson, 2 = several; scene 2 = a QR code. Configs made through the
 * API do not show in the admin console, so the config_id must be kept.
 */
import type { ContactWayGateway } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

export class WecomContactWays implements ContactWayGateway {
  constructor(private readonly client: WecomClient) {}

  async create(input: { state: string; userIds: string[]; remark: string }): Promise<{ configId: string; qrCode: string }> {
    const response = await this.client.request<{ config_id: string; qr_code: string }>({
      api: '/cgi-bin/externalcontact/add_contact_way',
      method: 'POST',
      secret: 'contact',
      body: {
        type: input.userIds.length > 1 ? 2 : 1,
        scene: 2,
        state: input.state,
        user: input.userIds,
        skip_verify: true,
        remark: input.remark.slice(0, 30),
      },
    });
    return { configId: response.config_id, qrCode: response.qr_code };
  }
}
