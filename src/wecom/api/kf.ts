/**
 * WeChat customer service (微信客服, PROTOCOL §3.6): after a `kf_msg_or_event` callback,
 * `POST /cgi-bin/kf/sync_msg` with the event's short-lived token and our stored cursor
 * returns the new messages page by page. Uses the self-built app's secret (the app needs
 * the 微信客服 permission).
 */
import type { KfMessageFeed } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';
import { fromKfRecord, type KfRecord } from '../message-records.ts';

/** kf/sync_msg's page size limit. */
const PAGE_LIMIT = 1000;

export class WecomKfMessages implements KfMessageFeed {
  constructor(private readonly client: WecomClient) {}

  async page(input: { openKfId: string; token: string; cursor?: string }) {
    const response = await this.client.request<{ msg_list?: KfRecord[]; next_cursor?: string; has_more?: number }>({
      api: '/cgi-bin/kf/sync_msg',
      method: 'POST',
      secret: 'agent',
      body: { open_kfid: input.openKfId, token: input.token, limit: PAGE_LIMIT, ...(input.cursor ? { cursor: input.cursor } : {}) },
    });
    const messages = (response.msg_list ?? []).flatMap((record) => fromKfRecord(record) ?? []);
    return { messages, nextCursor: response.next_cursor ?? input.cursor ?? '', hasMore: response.has_more === 1 };
  }
}
