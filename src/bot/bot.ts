/**
 * The bot role: a Wechaty bot on the puppet named by WECHATY_PUPPET (a hosted WeCom
 * puppet in production, wechaty-puppet-mock in sandbox mode). This is the only module
 * tree that imports wechaty. Features (message capture, check-in campaigns, group
 * rosters) are Wechaty plugins in `plugins/`.
 *
 * The puppet's own watchdog resets it when heartbeats stop; on top of that a puppet that
 * failed to start (the puppet service unreachable) or stopped on its own is started again
 * with backoff, so a puppet outage never needs a process restart.
 */
import { WechatyBuilder, type Wechaty, type WechatyPlugin } from 'wechaty';
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
  plugins: WechatyPlugin[];
  /** Delay before restarting a puppet that is down, doubled up to `maxRestartDelayMs`. @defaultValue 1000 */
  restartDelayMs?: number;
  /** @defaultValue 60000 */
  maxRestartDelayMs?: number;
}

export interface RunningBot {
  /** Says `text` in a room, @-mentioning the given contacts that are still found. */
  say(roomId: string, text: string, mentionIds?: readonly string[]): Promise<void>;
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
  bot.on('error', (error) => {
    // Wechaty answers a room-member 'dirty' notice by looking the room id up as a contact,
    // which fails on every join and leave; the rosters come from room events instead.
    if (/^no payload found for id \S+@chatroom$/.test(error.message)) log.debug({ err: error }, 'bot: room member refresh skipped');
    else log.warn({ err: error }, 'bot error');
  });
  bot.use(...options.plugins);

  const firstDelay = options.restartDelayMs ?? 1_000;
  const maxDelay = options.maxRestartDelayMs ?? 60_000;
  let stopping = false;
  let delay = firstDelay;
  let nextAttemptAt = 0;
  let restarting = false;
  // Wechaty's start() resolves even when its puppet failed to start (it only emits
  // 'error'), and a puppet that stops on its own leaves the bot "on": so watch the
  // puppet itself and start it again, backing off while it keeps failing.
  const puppetDown = () => bot.puppet.state.inactive() === true;
  const restartPuppet = async (): Promise<void> => {
    restarting = true;
    log.warn({ retryInMs: delay }, 'bot puppet is down; starting it again');
    try {
      await bot.puppet.start();
      if (!puppetDown()) delay = firstDelay;
    } catch (error) {
      log.warn({ err: error }, 'bot puppet did not start');
    } finally {
      nextAttemptAt = Date.now() + delay;
      delay = Math.min(delay * 2, maxDelay);
      restarting = false;
    }
  };
  await bot.start();
  nextAttemptAt = Date.now() + delay;
  const watch = setInterval(() => {
    if (!stopping && !restarting && Date.now() >= nextAttemptAt && puppetDown()) void restartPuppet();
  }, Math.min(firstDelay, 5_000));
  watch.unref();
  return {
    say: (roomId, text, mentionIds = []) => sayInRoom(bot, roomId, text, mentionIds),
    stop: async () => {
      stopping = true;
      clearInterval(watch);
      await bot.stop();
    },
  };
}

async function sayInRoom(bot: Wechaty, roomId: string, text: string, mentionIds: readonly string[]): Promise<void> {
  const room = await bot.Room.find({ id: roomId });
  if (!room) throw new Error(`bot is not in room ${roomId}`);
  const contacts = (await Promise.all(mentionIds.map((id) => bot.Contact.find({ id })))).filter((c) => c !== undefined);
  if (contacts.length > 0) await room.say(text, ...contacts);
  else await room.say(text);
}
