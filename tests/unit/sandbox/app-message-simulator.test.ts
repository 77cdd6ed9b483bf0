import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';

const CORP = 'wwsimtest0002';
const SECRET = 'agent-secret';
let sim: WecomApiSimulator;
let token: string;

async function send(body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}/cgi-bin/message/send?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterAll(() => nock.disableNetConnect());

beforeEach(async () => {
  sim = await startWecomApiSimulator({ corpId: CORP, secrets: [SECRET], now: () => 1_717_000_000_000, members: [{ userId: 'boss', name: '王经理' }] });
  const answer = (await (await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).json()) as { access_token: string };
  token = answer.access_token;
});

afterEach(() => sim.close());

describe('message/send (app messages)', () => {
  it('should deliver text to known members and list unknown ones in invaliduser', async () => {
    const answer = await send({ touser: 'boss|ghost', msgtype: 'text', agentid: 1000002, text: { content: '质检提醒' } });
    expect(answer).toMatchObject({ errcode: 0, invaliduser: 'ghost', msgid: expect.any(String) as string });
  });

  it('should refuse no valid recipient (81013), no agentid (40056), empty (44004) and oversized text (45002)', async () => {
    const text = { content: '质检提醒' };
    expect((await send({ touser: 'ghost', msgtype: 'text', agentid: 1, text })).errcode).toBe(81013);
    expect((await send({ touser: 'boss', msgtype: 'text', text })).errcode).toBe(40056);
    expect((await send({ touser: 'boss', msgtype: 'text', agentid: 1, text: { content: '' } })).errcode).toBe(44004);
    expect((await send({ touser: 'boss', msgtype: 'text', agentid: 1, text: { content: '字'.repeat(700) } })).errcode).toBe(45002);
  });
});
