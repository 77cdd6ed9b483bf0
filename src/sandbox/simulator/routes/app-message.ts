/**
 * 应用消息 (PROTOCOL §4.9): text messages to members by userid. Unknown members come back
 * in `invaliduser` ("|"-joined) with errcode 0; 81013 when no recipient is valid. 40056
 * without an agentid, 44004 for empty text, 45002 over 2048 bytes. Only `touser` and
 * `msgtype: text` are simulated (no parties, tags or @all).
 */
import { fail, num, ok, str, type Routes } from '../http.ts';

export const appMessageRoutes: Routes = {
  '/cgi-bin/message/send': {
    method: 'POST',
    handle: ({ world, body }) => {
      const agentId = num(body.agentid);
      if (agentId === undefined) return fail(40056, 'invalid agentid');
      if (str(body.msgtype) !== 'text') return fail(40008, 'invalid message type');
      const text = str((body.text as { content?: unknown } | undefined)?.content);
      if (text === '') return fail(44004, 'empty content');
      if (Buffer.byteLength(text) > 2048) return fail(45002, 'content size out of limit');
      const recipients = str(body.touser).split('|').filter(Boolean);
      const valid = recipients.filter((id) => world.members.has(id));
      const invalid = recipients.filter((id) => !world.members.has(id));
      if (valid.length === 0) return fail(81013, 'user & party & tag all invalid');
      const msgid = `SIMAPPMSG${world.appMessages.length + 1}`;
      for (const toUserId of valid) world.appMessages.push({ msgid, toUserId, agentId, text, at: world.now() });
      return ok({ invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid, response_code: '' });
    },
  },
};
