/**
 * 企业群发 to customers (PROTOCOL §4.4): `add_msg_template` (doc 92135) creates one
 * sender's message, which WeCom holds until the member confirms it in the client;
 * `get_groupmsg_task` (doc 93338) says whether each sender has, and
 * `get_groupmsg_send_result` the outcome per customer.
 * 41048: nobody in the list can receive it — an outcome (all failed), not an error.
 * 41063: WeCom is still dispatching the message — no results yet, ask again later.
 */
import type { MassMessenger } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';
import { WecomApiError } from '../errors.ts';

export const MASS_NOBODY_SENDABLE = 41048;
export const MASS_STILL_DISPATCHING = 41063;
/** Both result APIs page with `limit` ≤ 1000 and `cursor`. */
const RESULT_PAGE = 1000;

interface TaskPage {
  task_list?: { userid: string; status: number; send_time?: number }[];
  next_cursor?: string;
}

interface SendResultPage {
  send_list?: { external_userid?: string; userid: string; status: number; send_time?: number }[];
  next_cursor?: string;
}

export class WecomMassMessages implements MassMessenger {
  constructor(private readonly client: WecomClient) {}

  async send(input: { sender: string; externalUserIds: string[]; text: string; attachments: unknown[] }): Promise<{ msgid: string | null; failList: string[] }> {
    try {
      const answer = await this.client.request<{ msgid?: string; fail_list?: string[] }>({
        api: '/cgi-bin/externalcontact/add_msg_template',
        method: 'POST',
        secret: 'contact',
        body: {
          chat_type: 'single',
          sender: input.sender,
          external_userid: input.externalUserIds,
          // The list is ours: the salesperson must not re-pick recipients around the cap and 1:1 rules.
          allow_select: false,
          text: { content: input.text },
          ...(input.attachments.length > 0 ? { attachments: input.attachments } : {}),
        },
      });
      return { msgid: answer.msgid ?? null, failList: answer.fail_list ?? [] };
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode === MASS_NOBODY_SENDABLE) return { msgid: null, failList: input.externalUserIds };
      throw error;
    }
  }

  async senders(msgid: string): Promise<{ userId: string; sent: boolean }[]> {
    const tasks = await this.pages<TaskPage>('/cgi-bin/externalcontact/get_groupmsg_task', { msgid });
    // status: 0 not sent yet, 2 sent.
    return tasks.flatMap((page) => page.task_list ?? []).map((task) => ({ userId: task.userid, sent: task.status === 2 }));
  }

  async results(msgid: string, userId: string): Promise<{ externalUserId: string; status: number; sendTime?: number }[]> {
    const pages = await this.pages<SendResultPage>('/cgi-bin/externalcontact/get_groupmsg_send_result', { msgid, userid: userId });
    return pages
      .flatMap((page) => page.send_list ?? [])
      .flatMap((row) => (row.external_userid ? [{ externalUserId: row.external_userid, status: row.status, ...(row.send_time ? { sendTime: row.send_time } : {}) }] : []));
  }

  /** Every page; none while WeCom is still dispatching (41063). */
  private async pages<T extends { next_cursor?: string }>(api: string, body: Record<string, string>): Promise<T[]> {
    const out: T[] = [];
    let cursor = '';
    try {
      do {
        const page = await this.client.request<T>({ api, method: 'POST', secret: 'contact', body: { ...body, limit: RESULT_PAGE, ...(cursor ? { cursor } : {}) } });
        out.push(page);
        cursor = page.next_cursor ?? '';
      } while (cursor);
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode === MASS_STILL_DISPATCHING) return [];
      throw error;
    }
    return out;
  }
}
