/**
 * Plaintext callback XML for the events a sandbox corp produces, in WeCom's own layout
 * (PROTOCOL.md §3), so the sender script and the benchmark exercise the real decoder.
 */
import { randomBytes } from 'node:crypto';

export const SAMPLE_EVENT_KINDS = [
  'add_external_contact',
  'add_half_external_contact',
  'edit_external_contact',
  'del_external_contact',
  'del_follow_user',
  'chat_add_member',
  'chat_del_member',
  'tag_create',
  'kf_msg_or_event',
] as const;
export type SampleEventKind = (typeof SAMPLE_EVENT_KINDS)[number];

export interface SampleEventOptions {
  corpId: string;
  /** Unix seconds for CreateTime. */
  createTime: number;
  /** @defaultValue 'sales.li' */
  userId?: string;
  /** @defaultValue a fresh random external user id */
  externalUserId?: string;
  /** Channel code state. @defaultValue 'sandbox-qr' */
  state?: string;
  /** The add's one-time WelcomeCode. @defaultValue a fresh random one */
  welcomeCode?: string;
  /** chat_add_member / chat_del_member: the group. @defaultValue 'wrSandboxGroup0001' */
  chatId?: string;
  /** kf_msg_or_event: the sync token and the customer-service account. */
  kf?: { token: string; openKfId: string };
}

const cdata = (name: string, value: string) => `<${name}><![CDATA[${value}]]></${name}>`;

/** A random id shaped like WeCom's external user ids (`wm` + 30 characters). */
export function randomExternalUserId(): string {
  return `wm${randomBytes(24).toString('base64url').slice(0, 30)}`;
}

function header(options: SampleEventOptions, event: string): string {
  return (
    cdata('ToUserName', options.corpId) +
    cdata('FromUserName', 'sys') +
    `<CreateTime>${options.createTime}</CreateTime>` +
    cdata('MsgType', 'event') +
    cdata('Event', event)
  );
}

export function sampleEventXml(kind: SampleEventKind, options: SampleEventOptions): string {
  const userId = options.userId ?? 'sales.li';
  const externalUserId = options.externalUserId ?? randomExternalUserId();
  const contact = (changeType: string, extra = '') =>
    `<xml>${header(options, 'change_external_contact')}${cdata('ChangeType', changeType)}${cdata('UserID', userId)}${cdata('ExternalUserID', externalUserId)}${extra}</xml>`;
  switch (kind) {
    case 'add_external_contact':
    case 'add_half_external_contact':
      return contact(
        kind,
        cdata('State', options.state ?? 'sandbox-qr') + cdata('WelcomeCode', options.welcomeCode ?? randomBytes(16).toString('hex')),
      );
    case 'edit_external_contact':
    case 'del_external_contact':
    case 'del_follow_user':
      return contact(kind);
    case 'chat_add_member':
    case 'chat_del_member':
      return (
        `<xml>${header(options, 'change_external_chat')}${cdata('ChatId', options.chatId ?? 'wrSandboxGroup0001')}` +
        `${cdata('ChangeType', 'update')}${cdata('UpdateDetail', kind === 'chat_add_member' ? 'add_member' : 'del_member')}` +
        (kind === 'chat_add_member' ? '<JoinScene>3</JoinScene>' : '<QuitScene>0</QuitScene>') +
        `<MemChangeCnt>1</MemChangeCnt><MemChangeList>${cdata('Item', externalUserId)}</MemChangeList></xml>`
      );
    case 'kf_msg_or_event':
      return `<xml>${header(options, 'kf_msg_or_event')}${cdata('Token', options.kf?.token ?? 'sandbox-kf-token')}${cdata('OpenKfId', options.kf?.openKfId ?? 'wkSandboxService')}</xml>`;
    case 'tag_create':
      return `<xml>${header(options, 'change_external_tag')}${cdata('Id', `et${randomBytes(8).toString('hex')}`)}${cdata('TagType', 'tag')}${cdata('ChangeType', 'create')}</xml>`;
  }
}
