/**
 * Sandbox mode's customer group: a wechaty-puppet-mock world the bot role logs into, with
 * a group of simulated customers that the traffic driver makes check in, ask for the
 * leaderboard and chat. The same group exists in the WeCom simulator (groupchat/get), so
 * the sidebar's group view shows it with its campaign.
 */
import { randomInt } from 'node:crypto';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { DEMO_CUSTOMER_NAMES, DEMO_GROUP, DEMO_MEMBERS } from './demo-content.ts';
import type { WecomApiSimulator } from './wecom-api-simulator.ts';

export interface SandboxGroup {
  /** The bot role's puppet. */
  puppet: PuppetMock;
  chatId: string;
  /** Logs the bot in, once the bot role has started on the puppet. */
  login(): void;
  /** A random member writes `text` in the group now. */
  randomMemberSays(text: string): void;
  /** A new customer joins (the bot sees it; so does the simulator's group); returns their id. */
  join(): string;
  /** A random member leaves; undefined when too few are left to lose one. */
  leave(): string | undefined;
}

export function createSandboxGroup(simulator: WecomApiSimulator): SandboxGroup {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ id: 'wmSandboxBot0001', name: DEMO_GROUP.botName });
  const members = DEMO_GROUP.members.map((name, i) => mocker.createContact({ id: `wmSandboxGroup${String(i).padStart(4, '0')}`, name }));
  // The mock puppet sends to a room only when its id has an '@' (its rule for room ids).
  const chatId = 'wrSandboxCheckIn01@chatroom';
  const room = mocker.createRoom({ id: chatId, topic: DEMO_GROUP.name, memberIdList: [bot.id, ...members.map((m) => m.id)] });
  const group = simulator.world.createGroup({ chatId, name: DEMO_GROUP.name, owner: DEMO_MEMBERS[0].userId, members: members.map((m) => m.id) });
  let joined = 0;
  return {
    puppet,
    chatId,
    login: () => mocker.login(bot),
    randomMemberSays: (text) => members[randomInt(members.length)]!.say(text).to(room),
    join() {
      const contact = mocker.createContact({ id: `wmSandboxJoin${String(++joined).padStart(5, '0')}`, name: `${DEMO_CUSTOMER_NAMES[joined % DEMO_CUSTOMER_NAMES.length]}${joined}` });
      members.push(contact);
      group.members.push({ userId: contact.id, type: 2, joinTime: Math.floor(Date.now() / 1000) });
      room.add(contact).by(bot);
      return contact.id;
    },
    leave() {
      if (members.length <= DEMO_GROUP.members.length / 2) return undefined;
      const [contact] = members.splice(randomInt(members.length), 1);
      group.members = group.members.filter((m) => m.userId !== contact!.id);
      room.remove(contact!).by(bot);
      return contact!.id;
    },
  };
}
