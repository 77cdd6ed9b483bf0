/**
 * 群机器人: `POST /cgi-bin/webhook/send?key=` posts a message to an internal group the
 * robot was added to. It cannot join customer groups or read anything (PROTOCOL.md), so
 * it only carries staff summaries. WeCom allows 20 messages a minute per robot: the
 * budget is shared through Redis so all workers together stay under it.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StaffGroupWebhook } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';
import type { WecomClient } from '../client.ts';
import { WecomRateLimiter } from '../rate-limit.ts';

export const ROBOT_MESSAGES_PER_MINUTE = 20;
/** WeCom's limit for a text message's content, in bytes. */
const MAX_TEXT_BYTES = 2048;

function truncateUtf8(text: string, maxBytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1);
  return out;
}

export class WecomGroupRobot implements StaffGroupWebhook {
  private readonly limiter: WecomRateLimiter;

  constructor(
    private readonly client: WecomClient,
    options: { redis: Redis; corpId: string; clock: Clock },
  ) {
    this.limiter = new WecomRateLimiter({ ...options, limitPerWindow: ROBOT_MESSAGES_PER_MINUTE });
  }

  async post(webhookKey: string, text: string): Promise<void> {
    // The limiter's Redis key names the robot by a hash: the webhook key is a secret.
    await this.limiter.acquire(`robot:${createHash('sha256').update(webhookKey).digest('hex').slice(0, 16)}`);
    await this.client.postWithoutToken('/cgi-bin/webhook/send', { key: webhookKey }, { msgtype: 'text', text: { content: truncateUtf8(text, MAX_TEXT_BYTES) } });
  }
}
