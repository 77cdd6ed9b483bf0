/**
 * 修改客户备注信息: `POST /cgi-bin/externalcontact/remark` (PROTOCOL §4.2, doc 92115).
 * Sets the salesperson's remark (≤ 20 characters) and description (≤ 150) of a customer;
 * fields left out stay as they are, and WeCom refuses a call with none (40058). API edits
 * fire no `edit_external_contact` callback (PROTOCOL P10). Errcodes: 40096 / 84061 no such
 * relation, 60111 unknown member — permanent; limits and retries are the client's.
 */
import type { ContactRemarks } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

export const MAX_CONTACT_REMARK = 20;
export const MAX_CONTACT_DESCRIPTION = 150;

/** The first `max` characters, counted as WeCom counts them (code points, not UTF-16 units). */
const clip = (text: string, max: number) => [...text].slice(0, max).join('');

export class WecomContactRemarks implements ContactRemarks {
  constructor(private readonly client: WecomClient) {}

  async setRemark(input: { userId: string; externalUserId: string; remark?: string; description?: string }): Promise<void> {
    await this.client.request({
      api: '/cgi-bin/externalcontact/remark',
      method: 'POST',
      secret: 'contact',
      body: {
        userid: input.userId,
        external_userid: input.externalUserId,
        ...(input.remark === undefined ? {} : { remark: clip(input.remark, MAX_CONTACT_REMARK) }),
        ...(input.description === undefined ? {} : { description: clip(input.description, MAX_CONTACT_DESCRIPTION) }),
      },
    });
  }
}
