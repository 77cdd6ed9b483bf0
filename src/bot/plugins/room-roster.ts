/**
 * Keeps group rosters current from what the bot sees: members joining and leaving its
 * rooms (group health counts them), and the full member list of the campaign rooms once
 * the bot is ready (so reminders know who has not checked in yet).
 */
import type { Contact, Room, WechatyPlugin } from 'wechaty';
import type { GroupRoster } from '../../domain/ports.ts';
import { unixSeconds } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';

export interface RoomRosterDeps {
  roster: GroupRoster;
  /** The rooms whose full member list is kept (the active campaigns' groups). */
  campaignRooms(): Promise<string[]>;
  logger: Logger;
}

async function memberOf(room: Room, contact: Contact): Promise<{ memberKey: string; displayName: string }> {
  return { memberKey: contact.id, displayName: (await room.alias(contact)) || contact.name() };
}

export function roomRoster(deps: RoomRosterDeps): WechatyPlugin {
  return (bot) => {
    const warn = (what: string) => (error: unknown) => deps.logger.warn({ err: error }, what);
    const onJoin = (room: Room, invitees: Contact[], _inviter: Contact, date?: Date) =>
      void Promise.all(invitees.map((c) => memberOf(room, c)))
        .then((members) => deps.roster.joined(room.id, members, unixSeconds(date ?? new Date())))
        .catch(warn('room join not recorded'));
    const onLeave = (room: Room, leavers: Contact[], _remover?: Contact, date?: Date) =>
      void deps.roster.left(room.id, leavers.map((c) => c.id), unixSeconds(date ?? new Date())).catch(warn('room leave not recorded'));
    const onReady = () =>
      void (async () => {
        for (const roomId of await deps.campaignRooms()) {
          const room = await bot.Room.find({ id: roomId });
          if (!room) continue;
          const members = await Promise.all((await room.memberAll()).map((c) => memberOf(room, c)));
          await deps.roster.seen(members.filter((m) => m.memberKey !== bot.currentUser.id).map((m) => ({ chatId: roomId, ...m })));
        }
      })().catch(warn('room rosters not read'));
    bot.on('room-join', onJoin);
    bot.on('room-leave', onLeave);
    // Real puppets sync rooms after login and say 'ready'; the mock never does: read on both.
    bot.on('login', onReady);
    bot.on('ready', onReady);
    return () => {
      bot.off('login', onReady);
      bot.off('room-join', onJoin);
      bot.off('room-leave', onLeave);
      bot.off('ready', onReady);
    };
  };
}
