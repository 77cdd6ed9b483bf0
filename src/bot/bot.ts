/**
 * The bot role: a Wechaty bot on the puppet named by WECHATY_PUPPET (a hosted WeCom
 * puppet in production, wechaty-puppet-mock in sandbox mode). This is the only module
 * that imports wechaty. Features (check-in campaigns, message capture) arrive as plugins.
 */
import { WechatyBuilder, types, type Message } from 'wechaty';
import type { NewChatMessage } from '../domain/messages/chat-message.ts';
import { unixSeconds } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export interface BotOptions {
  /**
   * npm name of the puppet, e.g. `wechaty-puppet-service` or `wechaty-puppet-mock`, or a
   * puppet instance (tests and the sandbox drive a mock puppet they hold).
   */
  puppet: string | object;
  /** Token for a hosted puppet service. */
  puppetToken?: string;
  /** Memory-card name; keeps the login session between restarts. @defaultValue 'scrm-bot' */
  name?: string;
  logger: Logger;
  /** Receives what the bot's account sees, for storage and classification. */
  onMessages?: (messages: NewChatMessage[]) => Promise<void>;
}

export interface RunningBot {
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const log = options.logger;
  const bot = WechatyBuilder.build({
    name: options.name ?? 'scrm-bot',
    // Either form is what WechatyBuilder accepts; its option types do not say so for both.
    puppet: options.puppet as 'wechaty-puppet-mock',
    ...(options.puppetToken ? { puppetOptions: { token: options.puppetToken } } : {}),
  });
  bot.on('scan', (_qrcode, status) => log.info({ status }, 'bot waiting for a QR-code scan to log in'));
  bot.on('login', (user) => log.info({ bot: user.id }, 'bot logged in'));
  bot.on('logout', (user) => log.warn({ bot: user.id }, 'bot logged out'));
  // Handlers never throw into Wechaty: errors are logged (architecture convention 13).
  bot.on('error', (error) => log.warn({ err: error }, 'bot error'));
  bot.on('message', (message: Message) => {
    log.debug({ room: message.room()?.id, type: message.type() }, 'bot saw a message');
    if (!options.onMessages) return;
    options.onMessages([toChatMessage(message, bot.currentUser.id)]).catch((error: unknown) => log.warn({ err: error }, 'bot message not stored'));
  });
  log.debug({ puppet: options.puppet }, 'bot starting');
  await bot.start();
  log.debug('bot starting done');
  return { stop: () => bot.stop() };
}

/**
 * A message the bot's account saw: from a contact (`in`) or sent by the account itself
 * (`out`). In a room the talker is the customer; in a 1:1 chat, the other party.
 */
function toChatMessage(message: Message, botUserId: string): NewChatMessage {
  const room = message.room();
  const self = message.self();
  const customer = self ? (room ? undefined : message.listener()?.id) : message.talker().id;
  const isText = message.type() === types.Message.Text;
  return {
    source: 'bot',
    sourceMessageId: message.id,
    ...(customer ? { externalUserId: customer } : {}),
    userId: botUserId,
    ...(room ? { chatId: room.id } : {}),
    direction: self ? 'out' : 'in',
    msgType: isText ? 'text' : types.Message[message.type()].toLowerCase(),
    ...(isText ? { text: message.text() } : {}),
    sentAt: unixSeconds(message.date()),
  };
}
