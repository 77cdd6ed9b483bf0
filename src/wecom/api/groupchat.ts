/** Customer groups: `POST /cgi-bin/externalcontact/groupchat/get` (PROTOCOL §4.5). */
import type { GroupChatDirectory } from '../../domain/ports.ts';
import { WecomApiError } from '../errors.ts';
import type { WecomClient } from '../client.ts';

interface GroupChatJson {
  chat_id: string;
  name?: string;
  owner: string;
  member_list?: { userid: string; type: number; join_time: number; state?: string }[];
}

/** groupchat/get's "no such group" answers. */
const UNKNOWN_GROUP = new Set([40050, 49008]);

export class WecomGroupChats implements GroupChatDirectory {
  constructor(private readonly client: WecomClient) {}

  async get(chatId: string) {
    try {
      const { group_chat: group } = await this.client.request<{ group_chat: GroupChatJson }>({
        api: '/cgi-bin/externalcontact/groupchat/get',
        method: 'POST',
        secret: 'contact',
        body: { chat_id: chatId, need_name: 1 },
      });
      return {
        chatId: group.chat_id,
        name: group.name ?? '',
        owner: group.owner,
        members: (group.member_list ?? []).map((m) => ({
          userId: m.userid,
          type: m.type === 1 ? ('member' as const) : ('external' as const),
          joinTime: m.join_time,
          // Only members who joined through a join way carry its state.
          ...(m.state ? { state: m.state } : {}),
        })),
      };
    } catch (error) {
      if (error instanceof WecomApiError && UNKNOWN_GROUP.has(error.errcode)) return null;
      throw error;
    }
  }
}
