/**
 * The local mirror of WeCom's corp tags in Prisma. Syncs are rare (an admin's click, a
 * `change_external_tag` event) and replace the mirror in one transaction, so readers
 * never see half a sync.
 */
import type { CorpTagStore } from '../domain/ports.ts';
import type { CorpTagGroup } from '../domain/tags/tags.ts';
import type { Prisma } from './generated/sqlite/client.ts';
import type { Db } from './prisma.ts';

type Tx = Prisma.TransactionClient;

async function upsertGroup(tx: Tx, group: CorpTagGroup, syncedAt: Date): Promise<void> {
  const groupFields = { name: group.name, order: group.order, deleted: false, syncedAt };
  await tx.corpTagGroup.upsert({ where: { groupId: group.groupId }, create: { groupId: group.groupId, ...groupFields }, update: groupFields });
  for (const tag of group.tags) {
    const tagFields = { groupId: group.groupId, name: tag.name, order: tag.order, deleted: false, syncedAt };
    await tx.corpTag.upsert({ where: { tagId: tag.tagId }, create: { tagId: tag.tagId, ...tagFields }, update: tagFields });
  }
}

export class PrismaCorpTagStore implements CorpTagStore {
  constructor(private readonly db: Db) {}

  async replaceAll(groups: CorpTagGroup[], at: Date): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.corpTagGroup.updateMany({ data: { deleted: true } });
      await tx.corpTag.updateMany({ data: { deleted: true } });
      for (const group of groups) await upsertGroup(tx, group, at);
    });
  }

  async upsertGroup(group: CorpTagGroup, at: Date): Promise<void> {
    await this.db.$transaction((tx) => upsertGroup(tx, group, at));
  }

  async listGroups(): Promise<CorpTagGroup[]> {
    const [groups, tags] = await Promise.all([
      this.db.corpTagGroup.findMany({ where: { deleted: false }, orderBy: [{ order: 'asc' }, { name: 'asc' }] }),
      this.db.corpTag.findMany({ where: { deleted: false }, orderBy: [{ order: 'asc' }, { name: 'asc' }] }),
    ]);
    return groups.map((group) => ({
      groupId: group.groupId,
      name: group.name,
      order: group.order,
      tags: tags.filter((tag) => tag.groupId === group.groupId).map(({ tagId, groupId, name, order }) => ({ tagId, groupId, name, order })),
    }));
  }

  async unknownTagIds(tagIds: string[]): Promise<string[]> {
    if (tagIds.length === 0) return [];
    const live = await this.db.corpTag.findMany({ where: { tagId: { in: tagIds }, deleted: false }, select: { tagId: true } });
    const known = new Set(live.map((tag) => tag.tagId));
    return [...new Set(tagIds.filter((id) => !known.has(id)))];
  }
}
