/**
 * Hands everything the bot's account sees to the message store (and from there to
 * classification): customers' messages as `in`, the account's own as `out`.
 */
import { types, type Message, type WechatyPlugin } from 'wechaty';
import type { NewChatMessage } from '../../domain/messages/chat-message.ts';
import { unixSeconds } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';

export function messageCapture(deps: { onMessages: (messages: NewChatMessage[]) => Promise<void>; logger: Logger }): WechatyPlugin {
  return (bot) => {
    const listener = (message: Message) => {
      deps.onMessages([toChatMessage(message, bot.currentUser.id)]).catch((error: unknown) => deps.logger.warn({ err: error }, 'bot message not stored'));
    };
    bot.on('message', listener);
    return () => void bot.off('message', listener);
  };
}

export function messageType(message: Message): string {
  return message.type() === types.Message.Text ? 'text' : types.Message[message.type()].toLowerCase();
}

/**
 * A message the bot's account saw: from a contact (`in`) or sent by the account itself
 * (`out`). In a room the talker is the customer; in a 1:1 chat, the other party.
 */
function toChatMessage(message: Message, botUserId: string): NewChatMessage {
  const room = message.room();
  const self = message.self();
  const customer = self ? (room ? undefined : message.listener()?.id) : message.talker().id;
  const msgType = messageType(message);
  return {
    source: 'bot',
    sourceMessageId: message.id,
    ...(customer ? { externalUserId: customer } : {}),
    userId: botUserId,
    ...(room ? { chatId: room.id } : {}),
    direction: self ? 'out' : 'in',
    msgType,
    ...(msgType === 'text' ? { text: message.text() } : {}),
    sentAt: unixSeconds(message.date()),
  };
}
