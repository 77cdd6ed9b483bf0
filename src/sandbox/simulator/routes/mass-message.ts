/**
 * 企业群发 to customers (PROTOCOL §4.4), `chat_type: single` only (the product sends no
 * group mass messages). add_msg_template: customers who are not the sender's friends go
 * to `fail_list`; 41048 when nobody is left; 40058 for a malformed body (no sender, no or
 * over 10,000 ids, no content, text over 4000 bytes, over 9 attachments); 60111 unknown
 * sender. Nothing is delivered until the driver calls World.confirmMassMessage().
 * get_groupmsg_task: the sender with status 0 (waiting) or 2 (sent). get_groupmsg_send_result:
 * per customer 0 waiting, 1 sent, 2 not a friend; both page by `limit` (≤ 1000) and `cursor`.
 */
import { decodeCursor, encodeCursor, fail, num, ok, str, strings, type Json, type Routes } from '../http.ts';
import { randomHex, type World } from '../state.ts';

const MAX_RECIPIENTS = 10_000;
const MAX_PAGE = 1000;

function addMsgTemplate(world: World, body: Json): Json {
  const chatType = body.chat_type === undefined ? 'single' : str(body.chat_type);
  const sender = str(body.sender);
  const ids = strings(body.external_userid);
  const text = (body.text as { content?: unknown } | undefined)?.content;
  const attachments = Array.isArray(body.attachments) ? body.attachments.length : 0;
  if (chatType !== 'single') return fail(40058, 'the simulator sends to customers only (chat_type single)');
  if (!sender) return fail(40058, 'sender is required');
  if (!ids || ids.length === 0 || ids.length > MAX_RECIPIENTS) return fail(40058, `external_userid must list 1 to ${MAX_RECIPIENTS} customers`);
  if ((typeof text !== 'string' || text === '') && attachments === 0) return fail(40058, 'text or attachments required');
  if ((typeof text === 'string' && Buffer.byteLength(text) > 4000) || attachments > 9) return fail(40058, 'content out of bounds');
  if (!world.members.has(sender)) return fail(60111, `userid not found: ${sender}`);
  const failList = ids.filter((id) => !world.getFollow(sender, id));
  if (failList.length === ids.length) return fail(41048, 'no customer can receive the message');
  const msgid = `msg${randomHex(12)}`;
  world.massMessages.set(msgid, {
    msgid,
    sender,
    ...(typeof text === 'string' ? { text } : {}),
    attachments,
    createdAt: world.nowSec(),
    recipients: new Map(ids.filter((id) => !failList.includes(id)).map((id) => [id, 0])),
  });
  return ok({ fail_list: failList, msgid });
}

/** `limit` and `cursor` → the page's offsets; null when either is invalid. */
function paging(body: Json): { offset: number; limit: number } | null {
  const limit = num(body.limit) ?? MAX_PAGE;
  const offset = decodeCursor(body.cursor);
  return offset === null || limit < 1 || limit > MAX_PAGE ? null : { offset, limit };
}

export const massMessageRoutes: Routes = {
  '/cgi-bin/externalcontact/add_msg_template': { method: 'POST', handle: ({ world, body }) => addMsgTemplate(world, body) },
  '/cgi-bin/externalcontact/get_groupmsg_task': {
    method: 'POST',
    handle: ({ world, body }) => {
      const message = world.massMessages.get(str(body.msgid));
      if (!message) return fail(40058, 'unknown msgid');
      return ok({ next_cursor: '', task_list: [{ userid: message.sender, status: message.sentAt === undefined ? 0 : 2, ...(message.sentAt ? { send_time: message.sentAt } : {}) }] });
    },
  },
  '/cgi-bin/externalcontact/get_groupmsg_send_result': {
    method: 'POST',
    handle: ({ world, body }) => {
      const message = world.massMessages.get(str(body.msgid));
      if (!message || str(body.userid) !== message.sender) return fail(40058, 'unknown msgid or userid');
      const page = paging(body);
      if (!page) return fail(40058, 'invalid cursor or limit');
      const all = [...message.recipients];
      const rows = all.slice(page.offset, page.offset + page.limit);
      return ok({
        next_cursor: page.offset + page.limit < all.length ? encodeCursor(page.offset + page.limit) : '',
        send_list: rows.map(([externalUserId, status]) => ({
          external_userid: externalUserId,
          userid: message.sender,
          status,
          ...(status === 1 && message.sentAt ? { send_time: message.sentAt } : {}),
        })),
      });
    },
  },
};
