/**
 * 欢迎语 (PROTOCOL §4.3): a code is valid `welcomeCodeTtlMs` (20 s) from issue and once.
 * 41049 missing code, 41050 unknown or expired code, 41051 already used; 40058 for content
 * out of bounds (nothing, text over 4000 bytes, more than 9 attachments) — the code stays usable.
 */
import { fail, ok, str, type Routes } from '../http.ts';
import type { WelcomeDelivery } from '../state.ts';

export const welcomeRoutes: Routes = {
  '/cgi-bin/externalcontact/send_welcome_msg': {
    method: 'POST',
    handle: ({ world, body }) => {
      const code = str(body.welcome_code);
      const text = (body.text as { content?: unknown } | undefined)?.content;
      const attachments = Array.isArray(body.attachments) ? body.attachments.length : 0;
      const issued = world.welcomeCodes.get(code);
      const at = world.now();
      const badContent = (typeof text !== 'string' || text === '') && attachments === 0 ? true : (typeof text === 'string' && Buffer.byteLength(text) > 4000) || attachments > 9;
      const errcode = !code ? 41049 : !issued ? 41050 : badContent ? 40058 : issued.used ? 41051 : at - issued.issuedAt > world.options.welcomeCodeTtlMs ? 41050 : 0;
      if (issued && errcode === 0) issued.used = true;
      const delivery: WelcomeDelivery = { code, at, errcode };
      if (typeof text === 'string') delivery.text = text;
      if (issued) Object.assign(delivery, { userId: issued.userId, externalUserId: issued.externalUserId });
      if (attachments > 0) delivery.attachments = attachments;
      world.deliveries.push(delivery);
      return errcode === 0 ? ok() : fail(errcode, 'welcome code rejected');
    },
  },
};
