import { describe, expect, it } from 'vitest';
import type { WecomEvent } from '../../../src/domain/events.ts';
import {
  SAMPLE_EVENT_KINDS,
  randomExternalUserId,
  sampleEventXml,
  type SampleEventKind,
  type SampleEventOptions,
} from '../../../src/sandbox/sample-events.ts';
import { toWecomEvent } from '../../../src/wecom/callback-events.ts';
import { parseInnerXml } from '../../../src/wecom/callback-xml.ts';
import { dedupeKey } from '../../../src/wecom/dedupe-key.ts';

const FIXTURE_OPTIONS = {
  corpId: 'wwsandboxabc123xyz',
  createTime: 1717000000,
  externalUserId: 'wmSandboxCustomer000000000000001',
} satisfies SampleEventOptions;

const header = { corpId: FIXTURE_OPTIONS.corpId, createTime: FIXTURE_OPTIONS.createTime };
const contact = (change: string) => ({
  ...header,
  type: 'contact_changed',
  change,
  userId: 'sales.li',
  externalUserId: FIXTURE_OPTIONS.externalUserId,
});

const EXPECTED_EVENTS: Record<SampleEventKind, unknown> = {
  add_external_contact: {
    ...contact('add_external_contact'),
    state: 'sandbox-qr',
    welcomeCode: expect.stringMatching(/^[0-9a-f]{32}$/),
  },
  add_half_external_contact: {
    ...contact('add_half_external_contact'),
    state: 'sandbox-qr',
    welcomeCode: expect.stringMatching(/^[0-9a-f]{32}$/),
  },
  edit_external_contact: contact('edit_external_contact'),
  del_external_contact: contact('del_external_contact'),
  del_follow_user: contact('del_follow_user'),
  chat_add_member: {
    ...header,
    type: 'chat_changed',
    change: 'update',
    chatId: 'wrSandboxGroup0001',
    updateDetail: 'add_member',
    joinScene: '3',
    memChangeCnt: 1,
    memChangeList: [FIXTURE_OPTIONS.externalUserId],
  },
  chat_del_member: {
    ...header,
    type: 'chat_changed',
    change: 'update',
    chatId: 'wrSandboxGroup0001',
    updateDetail: 'del_member',
    quitScene: '0',
    memChangeCnt: 1,
    memChangeList: [FIXTURE_OPTIONS.externalUserId],
  },
  tag_create: {
    ...header,
    type: 'tag_changed',
    change: 'create',
    id: expect.stringMatching(/^et[0-9a-f]{16}$/),
    tagType: 'tag',
  },
  kf_msg_or_event: { ...header, type: 'kf_messages_pending', token: 'sandbox-kf-token', openKfId: 'wkSandboxService' },
};

async function decode(xml: string): Promise<WecomEvent> {
  return toWecomEvent(await parseInnerXml(xml));
}

describe('sampleEventXml()', () => {
  it.each(SAMPLE_EVENT_KINDS)('should decode to the expected event when the kind is %s', async (kind) => {
    const event = await decode(sampleEventXml(kind, FIXTURE_OPTIONS));
    expect(event).toStrictEqual(EXPECTED_EVENTS[kind]);
  });

  it('should use the given user id and state when they are set', async () => {
    const event = await decode(
      sampleEventXml('add_external_contact', { ...FIXTURE_OPTIONS, userId: 'sales.wang', state: 'expo-booth-3' }),
    );
    expect(event).toMatchObject({ userId: 'sales.wang', state: 'expo-booth-3' });
  });

  it('should give each sample a fresh customer and dedupe key when no external user id is set', async () => {
    const options = { corpId: FIXTURE_OPTIONS.corpId, createTime: FIXTURE_OPTIONS.createTime };
    const a = await parseInnerXml(sampleEventXml('edit_external_contact', options));
    const b = await parseInnerXml(sampleEventXml('edit_external_contact', options));
    expect(a.ExternalUserID).not.toBe(b.ExternalUserID);
    expect(dedupeKey(a)).not.toBe(dedupeKey(b));
  });
});

describe('randomExternalUserId()', () => {
  it('should return wm followed by 30 url-safe characters when called', () => {
    const id = randomExternalUserId();
    expect(id).toMatch(/^wm[A-Za-z0-9_-]{30}$/);
    expect(randomExternalUserId()).not.toBe(id);
  });
});
