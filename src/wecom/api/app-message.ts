/**
 * 应用消息: `POST /cgi-bin/message/send` (PROTOCOL §4.9) with the self-built app's token.
 * Reaches members only. WeCom answers errcode 0 even when the recipient is not in the
 * app's visible range, listing them in `invaliduser`: that is a failure for us.
 */
import type { MemberMessenger } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

/** Identical text to the same member within this window is sent once (WeCom's duplicate check). */
const DUPLICATE_CHECK_SECONDS = 1800;

export class WecomAppMessenger implements MemberMessenger {
  constructor(
    private readonly client: WecomClient,
    private readonly agentId: string,
  ) {}

  async sendText(toUserId: string, text: string): Promise<void> {
    const answer = await this.client.request<{ invaliduser?: string }>({
      api: '/cgi-bin/message/send',
      method: 'POST',
      secret: 'agent',
      body: {
        touser: toUserId,
        msgtype: 'text',
        agentid: Number(this.agentId),
        text: { content: text },
        enable_duplicate_check: 1,
        duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
      },
    });
    const invalid = answer.invaliduser;
    if (invalid) throw new Error(`message/send: ${invalid} is not reachable by the app`);
  }
}
