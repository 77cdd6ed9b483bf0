/**
 * Welcome flows (欢迎语) and how one is chosen and rendered for a new customer. Pure:
 * the caller passes the time and the names; nothing here sends anything.
 */

/** An attachment as send_welcome_msg takes it (PROTOCOL §4.3). */
export type WelcomeAttachment =
  | { msgtype: 'image'; image: { media_id?: string; pic_url?: string } }
  | { msgtype: 'link'; link: { title: string; picurl?: string; desc?: string; url: string } }
  | { msgtype: 'miniprogram'; miniprogram: { title: string; pic_media_id: string; appid: string; page: string } };

/** A text used instead of the main one between `from` and `to` (HH:MM, may wrap midnight). */
export interface WelcomeVariant {
  from: string;
  to: string;
  text: string;
}

export interface WelcomeFlow {
  id: number;
  name: string;
  /** Text with {customer} and {salesperson} placeholders. */
  text: string;
  attachments: WelcomeAttachment[];
  variants: WelcomeVariant[];
  /** The channel code `state` this flow belongs to. */
  channelState?: string;
  /** Salespeople this flow is for; empty means any. */
  userIds: string[];
  isDefault: boolean;
  enabled: boolean;
}

/** Input for creating a flow (the repo assigns the id). */
export type NewWelcomeFlow = Omit<WelcomeFlow, 'id'>;

/** WeCom's limit on attachments in one welcome message. */
export const MAX_WELCOME_ATTACHMENTS = 9;
/** WeCom's limit on the text, in UTF-8 bytes. */
export const MAX_WELCOME_TEXT_BYTES = 4000;
