/**
 * The bot role: a Wechaty bot on the puppet named by WECHATY_PUPPET (a hosted WeCom
 * puppet in production, wechaty-puppet-mock in sandbox mode). This is the only module
 * that imports wechaty. Features (check-in campaigns, message capture) arrive as plugins.
 */
import { WechatyBuilder, type Message } from 'wechaty';
import type { Logger } from '../shared/logger.ts';

export interface BotOptions {
  /** npm name of the puppet, e.g. `wechaty-puppet-service` or `wechaty-puppet-mock`. */
  puppet: string;
  /** Token for a hosted puppet service. */
  puppetToken?: string;
  /** Memory-card name; keeps the login session between restarts. @defaultValue 'scrm-bot' */
  name?: string;
  logger: Logger;
}

export interface RunningBot {
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const log = options.logger;
  const bot = WechatyBuilder.build({
    name: options.name ?? 'scrm-bot',
    puppet: options.puppet as 'wechaty-puppet-mock',
    ...(options.puppetToken ? { puppetOptions: { token: options.puppetToken } } : {}),
  });
  bot.on('scan', (_qrcode, status) => log.info({ status }, 'bot waiting for a QR-code scan to log in'));
  bot.on('login', (user) => log.info({ bot: user.id }, 'bot logged in'));
  bot.on('logout', (user) => log.warn({ bot: user.id }, 'bot logged out'));
  // Handlers never throw into Wechaty: errors are logged (architecture convention 13).
  bot.on('error', (error) => log.warn({ err: error }, 'bot error'));
  bot.on('message', (message: Message) => {
    // A bot that answers must ignore itself, or it talks to itself forever.
    if (message.self()) return;
    log.debug({ room: message.room()?.id, type: message.type() }, 'bot saw a message');
  });
  log.debug({ puppet: options.puppet }, 'bot starting');
  await bot.start();
  log.debug('bot starting done');
  return { stop: () => bot.stop() };
}
