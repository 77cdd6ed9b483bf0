import { describe, it, expect } from 'vitest';
import type { WecomEvent } from '../../../src/domain/events.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { toWecomEvent } from '../../../src/wecom/callback-events.ts';
import { parseInnerXml } from '../../../src/wecom/callback-xml.ts';
import * as F from '../../fixtures/wecom/events.ts';

const corpId = F.FIXTURE_CORP_ID;
const chatId = F.FIXTURE_CHAT_ID;
const ext = (n: string): string => `wmAbCdEfGhIjKlMnOpQrStUvWxYz000${n}`;

async function eventOf(xml: string): Promise<WecomEvent> {
  return toWecomEvent(await parseInnerXml(xml));
}

function expectMalformed(fields: Record<string, string | string[]>): void {
  let caught: unknown;
  try {
    toWecomEvent(fields);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect((caught as ValidationError).code).toBe('malformed_event');
}

const contact = { corpId, createTime: 1717000000, type: 'contact_changed' } as const;
const chat = { corpId, createTime: 1717000100, type: 'chat_changed', chatId } as const;

const CASES: [string, string, WecomEvent][] = [
  [
    'add_external_contact',
    F.FIXTURE_CONTACT_ADD_XML,
    {
      ...contact,
      change: 'add_external_contact',
      userId: 'sales.li',
      externalUserId: ext('1'),
      state: 'expo2024-booth3',
      welcomeCode: 'WELCOME_CODE_FROM_EVENT',
    },
  ],
  [
    'edit_external_contact',
    F.FIXTURE_CONTACT_EDIT_XML,
    { ...contact, change: 'edit_external_contact', userId: 'sales.li', externalUserId: ext('1') },
  ],
  [
    'add_half_external_contact',
    F.FIXTURE_CONTACT_ADD_HALF_XML,
    {
      ...contact,
      change: 'add_half_external_contact',
      userId: 'sales.li',
      externalUserId: ext('2'),
      state: 'ad-campaign-7',
      welcomeCode: 'HALF_CODE',
    },
  ],
  [
    'del_external_contact',
    F.FIXTURE_CONTACT_DEL_XML,
    { ...contact, change: 'del_external_contact', userId: 'sales.li', externalUserId: ext('1'), source: 'DELETE_BY_TRANSFER' },
  ],
  [
    'del_follow_user',
    F.FIXTURE_CONTACT_DEL_FOLLOW_USER_XML,
    { ...contact, change: 'del_follow_user', userId: 'sales.li', externalUserId: ext('1') },
  ],
  [
    'transfer_fail',
    F.FIXTURE_CONTACT_TRANSFER_FAIL_XML,
    { ...contact, change: 'transfer_fail', userId: 'sales.wang', externalUserId: ext('3'), failReason: 'customer_refused' },
  ],
  ['chat create', F.FIXTURE_CHAT_CREATE_XML, { ...chat, change: 'create', memChangeList: [] }],
  [
    'chat update with MemChangeList',
    F.FIXTURE_CHAT_UPDATE_XML,
    {
      ...chat,
      change: 'update',
      updateDetail: 'add_member',
      joinScene: '3',
      memChangeCnt: 2,
      memChangeList: [ext('4'), ext('5')],
      lastMemVer: '9f1c0d7e5b3a2c4d6e8f0a1b2c3d4e5f',
      curMemVer: '0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
    },
  ],
  ['chat dismiss', F.FIXTURE_CHAT_DISMISS_XML, { ...chat, change: 'dismiss', memChangeList: [] }],
  [
    'tag create',
    F.FIXTURE_TAG_CREATE_XML,
    { corpId, createTime: 1717000200, type: 'tag_changed', change: 'create', id: 'etTagGroupOrTagId000001', tagType: 'tag' },
  ],
  [
    'tag shuffle',
    F.FIXTURE_TAG_SHUFFLE_XML,
    { corpId, createTime: 1717000200, type: 'tag_changed', change: 'shuffle', id: 'etTagGroupId000002' },
  ],
  [
    'msgaudit_notify',
    F.FIXTURE_MSGAUDIT_NOTIFY_XML,
    { corpId, createTime: 1717000300, type: 'message_archive_notified', agentId: '2000003' },
  ],
  [
    'kf_msg_or_event',
    F.FIXTURE_KF_MSG_OR_EVENT_XML,
    { corpId, createTime: 1717000400, type: 'kf_messages_pending', token: 'ENCsyncTokenSample', openKfId: 'wkAbCdEf0123456789' },
  ],
  [
    'app text message',
    F.FIXTURE_APP_TEXT_XML,
    {
      corpId,
      createTime: 1717000500,
      type: 'app_message',
      msgType: 'text',
      msgId: '7380000000000000001',
      fromUserId: 'sales.li',
      agentId: '1000002',
      content: '查一下客户张三的订单',
      fields: {},
    },
  ],
  [
    'unknown event',
    F.FIXTURE_UNKNOWN_EVENT_XML,
    {
      corpId,
      createTime: 1717000600,
      type: 'unknown',
      msgType: 'event',
      event: 'enter_agent',
      fields: {
        ToUserName: corpId,
        FromUserName: 'sales.li',
        CreateTime: '1717000600',
        MsgType: 'event',
        Event: 'enter_agent',
        EventKey: '',
        AgentID: '1000002',
      },
    },
  ],
];

describe('toWecomEvent()', () => {
  for (const [name, xml, expected] of CASES) {
    it(`should map ${name} to the typed event when given the fixture`, async () => {
      expect(await eventOf(xml)).toEqual(expected);
    });
  }

  it('should omit absent optional keys rather than set them to undefined', async () => {
    const event = await eventOf(F.FIXTURE_CONTACT_EDIT_XML);
    expect(Object.keys(event).sort()).toEqual(['change', 'corpId', 'createTime', 'externalUserId', 'type', 'userId']);
  });

  it('should keep extra message leaves in fields when the app message is not text', () => {
    const event = toWecomEvent({
      ToUserName: corpId,
      FromUserName: 'sales.li',
      CreateTime: '1717000500',
      MsgType: 'image',
      PicUrl: 'https://example.com/p.jpg',
      MediaId: 'media-1',
      MsgId: '42',
    });
    expect(event).toEqual({
      corpId,
      createTime: 1717000500,
      type: 'app_message',
      msgType: 'image',
      msgId: '42',
      fromUserId: 'sales.li',
      fields: { PicUrl: 'https://example.com/p.jpg', MediaId: 'media-1' },
    });
  });

  it('should return unknown when the contact ChangeType is not modelled', async () => {
    const xml = F.FIXTURE_CONTACT_ADD_XML.replace('add_external_contact', 'add_member_range_change');
    expect(await eventOf(xml)).toMatchObject({ type: 'unknown', event: 'change_external_contact', changeType: 'add_member_range_change' });
  });

  it('should return unknown when an event message has no Event', () => {
    const event = toWecomEvent({ ToUserName: corpId, CreateTime: '1', MsgType: 'event' });
    expect(event).toEqual({ corpId, createTime: 1, type: 'unknown', msgType: 'event', fields: { ToUserName: corpId, CreateTime: '1', MsgType: 'event' } });
  });

  it('should return unknown when a non-event message has no MsgId', () => {
    const event = toWecomEvent({ ToUserName: corpId, CreateTime: '1', MsgType: 'text', Content: 'hi' });
    expect(event).toMatchObject({ type: 'unknown', msgType: 'text' });
  });

  it('should return an empty memChangeList when MemChangeList is empty', async () => {
    const xml = F.FIXTURE_CHAT_CREATE_XML.replace('</xml>', '<MemChangeList></MemChangeList></xml>');
    expect(await eventOf(xml)).toMatchObject({ type: 'chat_changed', memChangeList: [] });
  });

  it('should throw malformed_event when a contact event has no ExternalUserID', async () => {
    const fields = await parseInnerXml(F.FIXTURE_CONTACT_ADD_XML);
    delete fields.ExternalUserID;
    expectMalformed(fields);
  });

  it('should throw malformed_event when a required id is empty', async () => {
    expectMalformed({ ...(await parseInnerXml(F.FIXTURE_CHAT_CREATE_XML)), ChatId: '' });
    expectMalformed({ ...(await parseInnerXml(F.FIXTURE_KF_MSG_OR_EVENT_XML)), Token: '' });
    expectMalformed({ ...(await parseInnerXml(F.FIXTURE_TAG_CREATE_XML)), Id: '' });
  });

  it('should throw malformed_event when MemChangeCnt is not an integer', async () => {
    expectMalformed({ ...(await parseInnerXml(F.FIXTURE_CHAT_UPDATE_XML)), MemChangeCnt: 'two' });
  });

  it('should throw malformed_event when CreateTime is missing or not an integer', async () => {
    const fields = await parseInnerXml(F.FIXTURE_CHAT_CREATE_XML);
    expectMalformed({ ...fields, CreateTime: '' });
    expectMalformed({ ...fields, CreateTime: '17e8' });
    expectMalformed({ ...fields, CreateTime: '1717000100.5' });
    delete fields.CreateTime;
    expectMalformed(fields);
  });

  it('should throw malformed_event when ToUserName is missing', async () => {
    const fields = await parseInnerXml(F.FIXTURE_CHAT_CREATE_XML);
    delete fields.ToUserName;
    expectMalformed(fields);
  });
});
