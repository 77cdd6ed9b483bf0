import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { openAiSecondOpinion } from '../../../src/llm/openai-intent.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';

const BASE = 'http://llm.test/v1';

const opinion = (timeoutMs = 500) =>
  openAiSecondOpinion({ url: BASE, apiKey: 'sk-test', model: 'qwen-mini', timeoutMs, below: 0.5, logger: createRootLogger('silent') });
const completion = (content: string) => ({ choices: [{ message: { role: 'assistant', content } }] });

describe('openAiSecondOpinion()', () => {
  afterEach(() => nock.cleanAll());

  it('should send the text with the model and key, and read the label from the JSON answer', async () => {
    let sent: { model?: string; messages?: { role: string; content: string }[] } = {};
    const scope = nock('http://llm.test', { reqheaders: { authorization: 'Bearer sk-test' } })
      .post('/v1/chat/completions', (body) => ((sent = body as typeof sent), true))
      .reply(200, completion('{"intent": "referral"}'));

    expect(await opinion().classify('我闺蜜也想试试')).toEqual({ intent: 'referral', confidence: 0.7 });
    expect(scope.isDone()).toBe(true);
    expect(sent.model).toBe('qwen-mini');
    expect(sent.messages?.at(-1)).toEqual({ role: 'user', content: '我闺蜜也想试试' });
  });

  it.each([
    ['an HTTP error', () => nock('http://llm.test').post('/v1/chat/completions').reply(500, 'busy')],
    ['a label outside the set', () => nock('http://llm.test').post('/v1/chat/completions').reply(200, completion('{"intent": "gossip"}'))],
    ['an answer that is not JSON', () => nock('http://llm.test').post('/v1/chat/completions').reply(200, completion('referral'))],
    ['no answer in time', () => nock('http://llm.test').post('/v1/chat/completions').delay(300).reply(200, completion('{"intent": "referral"}'))],
  ])('should have no opinion after %s', async (_name, mock) => {
    mock();
    expect(await opinion(100).classify('嗯')).toBeNull();
  });
});
