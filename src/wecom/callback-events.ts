/**
 * Maps the flat fields of a decrypted callback (see `parseInnerXml`) to the normalised
 * `WecomEvent` union. Unknown events and change types are kept as `unknown`; a known event
 * missing its required ids is a `ValidationError('malformed_event')`.
 */
import {
  CHAT_CHANGES,
  CONTACT_CHANGES,
  TAG_CHANGES,
  type AppMessageEvent,
  type ChatChange,
  type ChatChangedEvent,
  type ContactChange,
  type ContactChangedEvent,
  type EventHeader,
  type KfMessagesPendingEvent,
  type MessageArchiveNotifiedEvent,
  type TagChange,
  type TagChangedEvent,
  type UnknownEvent,
  type WecomEvent,
} from '../domain/events.ts';
import { ValidationError } from '../shared/errors.ts';

type Fields = Record<string, string | string[]>;

const INTEGER_RE = /^\d+$/;

function malformed(message: string): ValidationError {
  return new ValidationError(message, 'malformed_event');
}

/** A non-empty string field, else undefined (arrays are not strings). */
function opt(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function req(fields: Fields, key: string, what: string): string {
  const value = opt(fields, key);
  if (value === undefined) throw malformed(`${what} event has no ${key}`);
  return value;
}

/**
 * Copies the defined entries only, so absent optional keys are omitted rather than
 * undefined. Builds a new object: `delete` would drop V8 into slow dictionary mode.
 */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as T;
}

function stringFields(fields: Fields, exclude: ReadonlySet<string> = new Set()): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === 'string' && !exclude.has(key)) out[key] = value;
  }
  return out;
}

function includes<T extends string>(list: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (list as readonly string[]).includes(value);
}

function header(fields: Fields): EventHeader {
  const corpId = opt(fields, 'ToUserName');
  if (corpId === undefined) throw malformed('callback message has no ToUserName');
  const createTime = fields.CreateTime;
  if (typeof createTime !== 'string' || !INTEGER_RE.test(createTime.trim())) {
    throw malformed('callback message has no valid CreateTime');
  }
  return { corpId, createTime: Number(createTime.trim()) };
}

function toContactChanged(h: EventHeader, f: Fields, change: ContactChange): ContactChangedEvent {
  return compact<ContactChangedEvent>({
    ...h,
    type: 'contact_changed',
    change,
    userId: req(f, 'UserID', 'change_external_contact'),
    externalUserId: req(f, 'ExternalUserID', 'change_external_contact'),
    state: opt(f, 'State'),
    welcomeCode: opt(f, 'WelcomeCode'),
    source: opt(f, 'Source'),
    failReason: opt(f, 'FailReason'),
  });
}

function memChangeList(f: Fields): string[] {
  const value = f.MemChangeList;
  if (Array.isArray(value)) return value.filter((v) => v !== '');
  return typeof value === 'string' && value.trim() !== '' ? [value] : [];
}

function toChatChanged(h: EventHeader, f: Fields, change: ChatChange): ChatChangedEvent {
  const cnt = opt(f, 'MemChangeCnt')?.trim();
  if (cnt !== undefined && !INTEGER_RE.test(cnt)) throw malformed('change_external_chat event has an invalid MemChangeCnt');
  return compact<ChatChangedEvent>({
    ...h,
    type: 'chat_changed',
    change,
    chatId: req(f, 'ChatId', 'change_external_chat'),
    updateDetail: opt(f, 'UpdateDetail'),
    joinScene: opt(f, 'JoinScene'),
    quitScene: opt(f, 'QuitScene'),
    memChangeCnt: cnt === undefined ? undefined : Number(cnt),
    memChangeList: memChangeList(f),
    lastMemVer: opt(f, 'LastMemVer'),
    curMemVer: opt(f, 'CurMemVer'),
  });
}

function toTagChanged(h: EventHeader, f: Fields, change: TagChange): TagChangedEvent {
  // Only a shuffle may come without an id (group order changed).
  const id = change === 'shuffle' ? opt(f, 'Id') : req(f, 'Id', 'change_external_tag');
  return compact<TagChangedEvent>({
    ...h,
    type: 'tag_changed',
    change,
    id,
    tagType: opt(f, 'TagType'),
    strategyId: opt(f, 'StrategyId'),
  });
}

function toArchiveNotified(h: EventHeader, f: Fields): MessageArchiveNotifiedEvent {
  return compact<MessageArchiveNotifiedEvent>({ ...h, type: 'message_archive_notified', agentId: opt(f, 'AgentID') });
}

function toKfPending(h: EventHeader, f: Fields): KfMessagesPendingEvent {
  return {
    ...h,
    type: 'kf_messages_pending',
    token: req(f, 'Token', 'kf_msg_or_event'),
    openKfId: req(f, 'OpenKfId', 'kf_msg_or_event'),
  };
}

const APP_MESSAGE_MAPPED = new Set(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'MsgId', 'AgentID', 'Content']);

function toAppMessage(h: EventHeader, f: Fields, msgType: string, msgId: string): AppMessageEvent {
  return compact<AppMessageEvent>({
    ...h,
    type: 'app_message',
    msgType,
    msgId,
    fromUserId: req(f, 'FromUserName', msgType),
    agentId: opt(f, 'AgentID'),
    content: opt(f, 'Content'),
    fields: stringFields(f, APP_MESSAGE_MAPPED),
  });
}

function toUnknown(h: EventHeader, f: Fields): UnknownEvent {
  return compact<UnknownEvent>({
    ...h,
    type: 'unknown',
    msgType: opt(f, 'MsgType') ?? '',
    event: opt(f, 'Event'),
    changeType: opt(f, 'ChangeType'),
    fields: stringFields(f),
  });
}

function toEvent(h: EventHeader, f: Fields): WecomEvent | undefined {
  const changeType = opt(f, 'ChangeType');
  switch (opt(f, 'Event')) {
    case 'change_external_contact':
      return includes(CONTACT_CHANGES, changeType) ? toContactChanged(h, f, changeType) : undefined;
    case 'change_external_chat':
      return includes(CHAT_CHANGES, changeType) ? toChatChanged(h, f, changeType) : undefined;
    case 'change_external_tag':
      return includes(TAG_CHANGES, changeType) ? toTagChanged(h, f, changeType) : undefined;
    case 'msgaudit_notify':
      return toArchiveNotified(h, f);
    case 'kf_msg_or_event':
      return toKfPending(h, f);
    default:
      return undefined;
  }
}

/** Normalises the fields of one decrypted callback message. */
export function toWecomEvent(fields: Record<string, string | string[]>): WecomEvent {
  const h = header(fields);
  const msgType = opt(fields, 'MsgType');
  if (msgType === 'event') return toEvent(h, fields) ?? toUnknown(h, fields);
  const msgId = opt(fields, 'MsgId');
  if (msgType !== undefined && msgId !== undefined) return toAppMessage(h, fields, msgType, msgId);
  return toUnknown(h, fields);
}
