/**
 * The optional second opinion on a message's intent: an OpenAI-compatible
 * chat-completions endpoint, asked only when the offline classifier is unsure. Any
 * failure — timeout, HTTP error, an answer outside the label set — yields `null`, so the
 * local verdict stands and classification never waits on, or fails because of, the LLM.
 */
import { INTENTS, isIntent } from '../domain/intent/intent.ts';
import type { IntentSecondOpinion } from '../domain/ports.ts';
import { httpExchange } from '../shared/http-exchange.ts';
import type { Logger } from '../shared/logger.ts';

export interface OpenAiIntentOptions {
  /** Base URL, e.g. https://api.openai.com/v1 (`/chat/completions` is appended). */
  url: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  below: number;
  logger: Logger;
}

const SYSTEM_PROMPT =
  '你是私域电商客服消息的意图分类器。只输出 JSON：{"intent": "<label>"}。可选 label：' +
  `${INTENTS.join(', ')}。` +
  'repurchase_signal=产品快用完/吃完；referral=亲友同事想要或询问；purchase_intent=想下单；price_inquiry=问价格优惠；' +
  'usage_question=问用法用量；logistics=物流发货；return_exchange=退换货退款；complaint=投诉不满；checkin=打卡；other=其他。' +
  '注意否定句（"还没吃完"不是 repurchase_signal）。';

/** Confidence given to an LLM verdict: it was asked because the local one was low. */
const LLM_CONFIDENCE = 0.7;

export function openAiSecondOpinion(options: OpenAiIntentOptions): IntentSecondOpinion {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  return {
    below: options.below,
    async classify(text) {
      try {
        const answer = await httpExchange(endpoint, {
          method: 'POST',
          timeoutMs: options.timeoutMs,
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          body: JSON.stringify({
            model: options.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: SYSTEM_PROMPT },
              { role: 'user', content: text },
            ],
          }),
        });
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        const content = (JSON.parse(answer.text) as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content ?? '';
        const intent: unknown = (JSON.parse(content) as { intent?: unknown }).intent;
        if (!isIntent(intent)) throw new Error('answer outside the label set');
        return { intent, confidence: LLM_CONFIDENCE };
      } catch (error) {
        // Message text is never logged (it is the customer's words).
        options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'intent second opinion unavailable; keeping the local verdict');
        return null;
      }
    },
  };
}
