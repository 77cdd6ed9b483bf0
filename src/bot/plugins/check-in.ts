/**
 * Check-in campaigns in the rooms the bot is in: each room message from a member goes to
 * the campaign engine (app/campaigns/record-check-in); what it answers is said in the
 * room, and acknowledgements are batched per room so a rush of check-ins becomes one
 * message. The bot's own messages are ignored.
 */
import type { Message, WechatyPlugin } from 'wechaty';
import type { GroupMessage, GroupReplies } from '../../app/campaigns/record-check-in.ts';
import { acknowledgementText, type Acknowledgement } from '../../domain/campaign/replies.ts';
import { isExternalUserId } from '../../domain/messages/chat-message.ts';
import { BatchWindow } from '../../shared/batch-window.ts';
import { unixSeconds } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { messageType } from './message-capture.ts';

export interface CheckInPluginDeps {
  record(message: GroupMessage): Promise<GroupReplies>;
  logger: Logger;
  /** Overrides the campaigns' acknowledgement window (tests). */
  ackWindowMs?: number;
}

export function checkInPlugin(deps: CheckInPluginDeps): WechatyPlugin {
  return (bot) => {
    const acks = new BatchWindow<Acknowledgement>({
      windowMs: deps.ackWindowMs ?? 0,
      flush: async (roomId, items) => {
        const room = await bot.Room.find({ id: roomId });
        await room?.say(acknowledgementText(items));
      },
      onError: (error) => deps.logger.warn({ err: error }, 'check-in acknowledgement not sent'),
    });
    const onMessage = async (message: Message): Promise<void> => {
      const room = message.room();
      if (!room || message.self()) return;
      const talker = message.talker();
      const msgType = messageType(message);
      const replies = await deps.record({
        source: 'bot',
        sourceMessageId: message.id,
        // A puppet's own contact ids are not WeCom's: then the group nickname names the member.
        ...(isExternalUserId(talker.id) ? { externalUserId: talker.id } : {}),
        userId: bot.currentUser.id,
        chatId: room.id,
        senderName: (await room.alias(talker)) || talker.name(),
        direction: 'in',
        msgType,
        ...(msgType === 'text' ? { text: message.text() } : {}),
        sentAt: unixSeconds(message.date()),
      });
      for (const text of replies.say) await room.say(text);
      acks.add(room.id, replies.acks, deps.ackWindowMs ?? replies.ackBatchSeconds * 1000);
    };
    // One room's messages are handled in order: a member's 补卡 and 打卡 sent together must
    // each see the other's effect on the ledger (streaks, stage counts).
    const inRoom = new Map<string, Promise<void>>();
    const listener = (message: Message) => {
      const roomId = message.room()?.id;
      if (!roomId || message.self()) return;
      const turn = (inRoom.get(roomId) ?? Promise.resolve())
        .then(() => onMessage(message))
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'check-in message not handled'));
      inRoom.set(roomId, turn);
      void turn.then(() => {
        if (inRoom.get(roomId) === turn) inRoom.delete(roomId);
      });
    };
    bot.on('message', listener);
    return () => {
      bot.off('message', listener);
      void acks.drain();
    };
  };
}
