/**
 * Corp customer tags (PROTOCOL §4.2): `mark_tag` on a customer (doc 92118), and the corp's
 * tag groups through `get_corp_tag_list` / `add_corp_tag` (doc 92117). Adding a tag the
 * customer already has is a no-op at WeCom, so a retried mark_tag is harmless. API calls
 * raise no callback (PROTOCOL §3.1), so nothing echoes back.
 */
import type { CorpTagDirectory, TagGateway } from '../../domain/ports.ts';
import type { CorpTagGroup } from '../../domain/tags/tags.ts';
import type { WecomClient } from '../client.ts';

interface TagGroupJson {
  group_id: string;
  group_name: string;
  order?: number;
  deleted?: boolean;
  tag?: { id: string; name: string; order?: number; deleted?: boolean }[];
}

function toGroup(json: TagGroupJson): CorpTagGroup {
  return {
    groupId: json.group_id,
    name: json.group_name,
    order: json.order ?? 0,
    tags: (json.tag ?? [])
      .filter((tag) => !tag.deleted)
      .map((tag) => ({ tagId: tag.id, groupId: json.group_id, name: tag.name, order: tag.order ?? 0 })),
  };
}

export class WecomTags implements TagGateway, CorpTagDirectory {
  constructor(private readonly client: WecomClient) {}

  async markTags(input: { userId: string; externalUserId: string; add: string[]; remove: string[] }): Promise<void> {
    if (input.add.length === 0 && input.remove.length === 0) return;
    await this.client.request({
      api: '/cgi-bin/externalcontact/mark_tag',
      method: 'POST',
      secret: 'contact',
      body: { userid: input.userId, external_userid: input.externalUserId, add_tag: input.add, remove_tag: input.remove },
    });
  }

  async list(): Promise<CorpTagGroup[]> {
    const response = await this.client.request<{ tag_group?: TagGroupJson[] }>({
      api: '/cgi-bin/externalcontact/get_corp_tag_list',
      method: 'POST',
      secret: 'contact',
      body: {},
    });
    return (response.tag_group ?? []).filter((group) => !group.deleted).map(toGroup);
  }

  async create(input: { groupId?: string; groupName?: string; names: string[] }): Promise<CorpTagGroup> {
    const response = await this.client.request<{ tag_group: TagGroupJson }>({
      api: '/cgi-bin/externalcontact/add_corp_tag',
      method: 'POST',
      secret: 'contact',
      body: {
        ...(input.groupId ? { group_id: input.groupId } : { group_name: input.groupName }),
        tag: input.names.map((name) => ({ name })),
      },
    });
    return toGroup(response.tag_group);
  }
}
