/**
 * 欢迎语: `POST /cgi-bin/externalcontact/send_welcome_msg` (PROTOCOL §4.3, doc 92137).
 * 41051: the pair already chatted or another app used the code first — nothing left to
 * do. 41050: the code expired (over 20 s). Both are outcomes, not errors.
 */
import type { WelcomeSender } from '../../domain/ports.ts';
import type { WelcomeMessage } from '../../domain/welcome/welcome-plan.ts';
import type { WecomClient } from '../client.ts';
import { WecomApiError, WecomDeadlineError } from '../errors.ts';

export const WELCOME_ALREADY_SENT = 41051;
export const WELCOME_CODE_EXPIRED = 41050;

export class WecomWelcomeSender implements WelcomeSender {
  constructor(private readonly client: WecomClient) {}

  async send(welcomeCode: string, message: WelcomeMessage, deadline?: number): Promise<{ result: 'sent' | 'already_sent' | 'expired'; errcode?: number }> {
    const body: Record<string, unknown> = { welcome_code: welcomeCode };
    if (message.text) body.text = { content: message.text };
    if (message.attachments.length > 0) body.attachments = message.attachments;
    try {
      await this.client.request({ api: '/cgi-bin/externalcontact/send_welcome_msg', method: 'POST', body, secret: 'contact', deadline });
      return { result: 'sent' };
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode === WELCOME_ALREADY_SENT) return { result: 'already_sent', errcode: error.errcode };
      if (error instanceof WecomApiError && error.errcode === WELCOME_CODE_EXPIRED) return { result: 'expired', errcode: error.errcode };
      // Waiting for a token or the rate limiter ate the code's time: never send it late.
      if (error instanceof WecomDeadlineError) return { result: 'expired' };
      throw error;
    }
  }
}
