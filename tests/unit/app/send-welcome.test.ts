import { describe, expect, it } from 'vitest';
import { sendWelcome, WELCOME_CODE_MAX_AGE_MS, type WelcomeDeps } from '../../../src/app/send-welcome.ts';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import type { WelcomeSender, WelcomeSendLog, WelcomeSendRecord } from '../../../src/domain/ports.ts';
import type { WelcomeFlow } from '../../../src/domain/welcome/welcome-flow.ts';
import type { WelcomeMessage } from '../../../src/domain/welcome/welcome-plan.ts';
import { AppError } from '../../../src/shared/errors.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../helpers/fakes.ts';

const T0 = new Date('2026-11-27T02:00:00Z'); // 10:00 in Beijing
const EVENT: ContactChangedEvent = {
  type: 'contact_changed',
  change: 'add_external_contact',
  corpId: 'ww1',
  createTime: T0.getTime() / 1000,
  userId: 'sales.li',
  externalUserId: 'wmCustomer1',
  state: 'expo',
  welcomeCode: 'CODE-0001',
};
const FLOW: WelcomeFlow = { id: 7, name: 'expo', text: '{customer}您好，我是{salesperson}', attachments: [], variants: [], channelState: 'expo', userIds: [], isDefault: false, enabled: true };

function world(options: { flows?: WelcomeFlow[]; send?: WelcomeSender['send']; name?: string } = {}) {
  const lookups: string[] = [];
  const clock = fixedClock(T0);
  const sent: { code: string; message: WelcomeMessage }[] = [];
  const records = new Map<string, WelcomeSendRecord>();
  const sends: WelcomeSendLog = {
    find: async (code) => records.get(code) ?? null,
    record: async (send) => void (records.has(send.welcomeCode) || records.set(send.welcomeCode, send)),
  };
  const deps: WelcomeDeps = {
    clock,
    logger: silentLogger(),
    flows: { list: async () => options.flows ?? [FLOW], get: async () => null, create: async () => FLOW, update: async () => null, remove: async () => false },
    sender: {
      send: async (code, message) => {
        sent.push({ code, message });
        return options.send ? options.send(code, message) : { result: 'sent' };
      },
    },
    sends,
    names: { nameOf: async (id) => (lookups.push(`name:${id}`), options.name) },
    directory: { getContact: async (id) => (lookups.push(`wecom:${id}`), null) },
  };
  return { deps, clock, sent, records, lookups };
}

describe('sendWelcome()', () => {
  it('should send the channel flow once with the variables filled and record the send', async () => {
    const { deps, sent, records, clock } = world({ name: '李女士' });
    clock.advance(300);
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('sent');
    expect(sent).toEqual([{ code: 'CODE-0001', message: { text: '李女士您好，我是sales.li', attachments: [] } }]);
    expect(records.get('CODE-0001')).toMatchObject({ result: 'sent', flowId: 7, latencyMs: 300, externalUserId: 'wmCustomer1' });
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('should look the nickname up only when the text used at this hour shows it', async () => {
    // 10:00 in Beijing: the morning variant names nobody, the evening one does.
    const flow: WelcomeFlow = {
      ...FLOW,
      variants: [
        { from: '06:00', to: '12:00', text: '早上好，我是{salesperson}' },
        { from: '18:00', to: '23:00', text: '{customer}晚上好' },
      ],
    };
    const morning = world({ flows: [flow], name: '李女士' });
    expect(await sendWelcome(morning.deps, { event: EVENT, receivedAt: T0 })).toBe('sent');
    expect(morning.sent[0]?.message.text).toBe('早上好，我是sales.li');
    expect(morning.lookups).toEqual([]);

    const named = world({ flows: [FLOW] });
    expect(await sendWelcome(named.deps, { event: EVENT, receivedAt: T0 })).toBe('sent');
    expect(named.lookups).toEqual(['name:wmCustomer1', 'wecom:wmCustomer1']);
    expect(named.sent[0]?.message.text).toBe('您好，我是sales.li');
  });

  it('should record the code as expired without calling WeCom when the event is older than 18 s', async () => {
    const { deps, sent, records, clock } = world();
    clock.advance(WELCOME_CODE_MAX_AGE_MS + 1);
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('expired');
    expect(sent).toEqual([]);
    expect(records.get('CODE-0001')?.result).toBe('expired');
  });

  it('should treat 41051 (already sent) as done and record it', async () => {
    const { deps, records } = world({ send: async () => ({ result: 'already_sent', errcode: 41051 }) });
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('already_sent');
    expect(records.get('CODE-0001')).toMatchObject({ result: 'already_sent', errcode: 41051 });
  });

  it('should record no_flow when no flow applies', async () => {
    const { deps, sent, records } = world({ flows: [] });
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('no_flow');
    expect(sent).toEqual([]);
    expect(records.get('CODE-0001')?.result).toBe('no_flow');
  });

  it('should rethrow retryable failures without recording, so the queue retries in time', async () => {
    const { deps, records } = world({
      send: async () => {
        throw new AppError('wecom_timeout', 'timeout', { status: 504, retryable: true });
      },
    });
    await expect(sendWelcome(deps, { event: EVENT, receivedAt: T0 })).rejects.toThrow('timeout');
    expect(records.size).toBe(0);
  });

  it('should record a permanent failure with its errcode', async () => {
    const failure = Object.assign(new AppError('wecom_api_error', 'bad', { status: 502, retryable: false }), { errcode: 41053 });
    const { deps, records } = world({
      send: async () => {
        throw failure;
      },
    });
    expect(await sendWelcome(deps, { event: EVENT, receivedAt: T0 })).toBe('failed');
    expect(records.get('CODE-0001')).toMatchObject({ result: 'failed', errcode: 41053 });
  });

  it('should do nothing for an event without a welcome code', async () => {
    const { deps, sent } = world();
    expect(await sendWelcome(deps, { event: { ...EVENT, welcomeCode: undefined }, receivedAt: T0 })).toBe('no_code');
    expect(sent).toEqual([]);
  });
});
