/**
 * Corp tags on a customer: `POST /cgi-bin/externalcontact/mark_tag` (PROTOCOL §4.2, doc
 * 92118). Adding a tag the customer already has is a no-op at WeCom, so a retried call is
 * harmless. API calls raise no callback (PROTOCOL §3.1), so nothing echoes back.
 */
import type { TagGateway } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

export class WecomTags implements TagGateway {
  constructor(private readonly client: WecomClient) {}

  async markTags(input: { userId: string; externalUserId: string; add: string[]; remove: string[] }): Promise<void> {
    if (input.add.length === 0 && input.remove.length === 0) return;
    await this.client.request({
      api: '/cgi-bin/externalcontact/mark_tag',
      method: 'POST',
      secret: 'contact',
      body: { userid: input.userId, external_userid: input.externalUserId, add_tag: input.add, remove_tag: input.remove },
    });
  }
}
