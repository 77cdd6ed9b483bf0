/**
 * A customer group in a wechaty-puppet-mock world, driven by a test: members write at
 * chosen times (the mock stamps messages "now"; a campaign needs simulated days), leave
 * on chosen days, and everything the bot says is captured with its @-mentions.
 */
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { types } from 'wechaty';

export const ROOM_ID = 'collagen-group@chatroom';
export const BOT_ID = 'wmBotAssistant01';

export interface Said {
  roomId: string;
  text: string;
  mentions: string[];
}

export interface GroupWorld {
  puppet: PuppetMock;
  memberIds: string[];
  said: Said[];
  /** Logs the bot in (after the campaign exists, so it reads the room's roster). */
  login(): void;
  /** A member writes in the group at `at` (ms); `id` makes a replay possible. */
  write(memberIndex: number, text: string, at: number, id: string): void;
  leave(memberIndex: number, at: number): void;
}

export function groupWorld(members: number): GroupWorld {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ id: BOT_ID, name: '小美助手' });
  const memberIds = Array.from({ length: members }, (_, i) => {
    const contact = mocker.createContact({ id: `wmMember${String(i).padStart(4, '0')}`, name: `成员${i}` });
    return contact.id;
  });
  mocker.createRoom({ id: ROOM_ID, topic: '21天胶原蛋白打卡群', memberIdList: [BOT_ID, ...memberIds] });
  const said: Said[] = [];
  const send = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (conversationId: string, text: string, mentionIdList?: string[]) => {
    said.push({ roomId: conversationId, text, mentions: mentionIdList ?? [] });
    return send(conversationId, text);
  };
  return {
    puppet,
    memberIds,
    said,
    login: () => mocker.login(bot),
    write(memberIndex, text, at, id) {
      const payload = { id, talkerId: memberIds[memberIndex]!, roomId: ROOM_ID, text, timestamp: at, type: types.Message.Text, mentionIdList: [] };
      mocker.MessageMock.create(payload);
      mocker.puppet.emit('message', { messageId: id });
    },
    leave(memberIndex, at) {
      const room = mocker.RoomMock.load(ROOM_ID);
      const memberId = memberIds[memberIndex]!;
      room.payload.memberIdList = room.payload.memberIdList.filter((m) => m !== memberId);
      mocker.puppet.emit('room-leave', { removeeIdList: [memberId], removerId: memberId, roomId: ROOM_ID, timestamp: at });
    },
  };
}
