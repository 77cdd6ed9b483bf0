/** The product's bot: the Wechaty core with this product's plugins installed. */
import type { GroupMessage, GroupReplies } from '../app/campaigns/record-check-in.ts';
import type { NewChatMessage } from '../domain/messages/chat-message.ts';
import type { GroupRoster } from '../domain/ports.ts';
import type { Logger } from '../shared/logger.ts';
import { startBot, type BotOptions, type RunningBot } from './bot.ts';
import { checkInPlugin } from './plugins/check-in.ts';
import { messageCapture } from './plugins/message-capture.ts';
import { roomRoster } from './plugins/room-roster.ts';

export interface ScrmBotOptions extends Omit<BotOptions, 'plugins'> {
  /** Stores what the account sees (every message source lands in one store). */
  onMessages(messages: NewChatMessage[]): Promise<void>;
  /** The campaign engine. */
  recordGroupMessage(message: GroupMessage): Promise<GroupReplies>;
  roster: GroupRoster;
  campaignRooms(): Promise<string[]>;
  /** Overrides the campaigns' acknowledgement window (tests). */
  ackWindowMs?: number;
  logger: Logger;
}

export function startScrmBot(options: ScrmBotOptions): Promise<RunningBot> {
  const { onMessages, recordGroupMessage, roster, campaignRooms, ackWindowMs, ...core } = options;
  const logger = options.logger;
  return startBot({
    ...core,
    plugins: [
      messageCapture({ onMessages, logger }),
      checkInPlugin({ record: recordGroupMessage, logger, ...(ackWindowMs !== undefined ? { ackWindowMs } : {}) }),
      roomRoster({ roster, campaignRooms, logger }),
    ],
  });
}
