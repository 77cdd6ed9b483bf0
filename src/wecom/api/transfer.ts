/**
 * Customer inheritance (PROTOCOL §4.6): `transfer_customer` / `transfer_result` for
 * on-job handovers (在职继承, docs 92125/94088) and their `resigned/` twins (离职继承,
 * docs 94081/94082). The call succeeds as a whole and answers per customer.
 */
import type { HandoverPair } from '../../domain/contact/handover.ts';
import type { TransferGateway } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

const API_ROOT = { on_job: '/cgi-bin/externalcontact', resigned: '/cgi-bin/externalcontact/resigned' } as const;

export class WecomTransfers implements TransferGateway {
  constructor(private readonly client: WecomClient) {}

  async transfer(input: HandoverPair & { externalUserIds: string[]; message?: string }): Promise<{ externalUserId: string; errcode: number }[]> {
    const response = await this.client.request<{ customer?: { external_userid: string; errcode: number }[] }>({
      api: `${API_ROOT[input.kind]}/transfer_customer`,
      method: 'POST',
      secret: 'contact',
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        external_userid: input.externalUserIds,
        ...(input.message ? { transfer_success_msg: input.message } : {}),
      },
    });
    const answered = new Map((response.customer ?? []).map((c) => [c.external_userid, c.errcode]));
    // A customer missing from the answer was not taken: report WeCom's generic failure for it.
    return input.externalUserIds.map((externalUserId) => ({ externalUserId, errcode: answered.get(externalUserId) ?? -1 }));
  }

  async results(pair: HandoverPair): Promise<{ externalUserId: string; status: number; takeoverTime?: number }[]> {
    const out: { externalUserId: string; status: number; takeoverTime?: number }[] = [];
    let cursor = '';
    do {
      const page = await this.client.request<{ customer?: { external_userid: string; status: number; takeover_time?: number }[]; next_cursor?: string }>({
        api: `${API_ROOT[pair.kind]}/transfer_result`,
        method: 'POST',
        secret: 'contact',
        body: { handover_userid: pair.handoverUserId, takeover_userid: pair.takeoverUserId, ...(cursor ? { cursor } : {}) },
      });
      for (const c of page.customer ?? []) {
        out.push({ externalUserId: c.external_userid, status: c.status, ...(c.takeover_time ? { takeoverTime: c.takeover_time } : {}) });
      }
      cursor = page.next_cursor ?? '';
    } while (cursor);
    return out;
  }
}
