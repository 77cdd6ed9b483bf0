/**
 * Reply scripts in Prisma. The labels and attachments are JSON text columns (one schema
 * for SQLite and PostgreSQL); a damaged value reads as empty rather than failing the
 * whole library.
 */
import type { NewReplyScript, ReplyScript, ReplyScriptChanges, ReplyScriptRepo, ScriptAttachment } from '../domain/scripts/reply-scripts.ts';
import type { ReplyScript as ReplyScriptRow } from './generated/sqlite/client.ts';
import { jsonArray } from './column-values.ts';
import type { Db } from './prisma.ts';

function toScript(row: ReplyScriptRow): ReplyScript {
  return {
    id: row.id,
    title: row.title,
    text: row.text,
    intents: jsonArray<string>(row.intents),
    scenes: jsonArray<string>(row.scenes),
    stages: jsonArray<string>(row.stages),
    tagIds: jsonArray<string>(row.tagIds),
    attachments: jsonArray<ScriptAttachment>(row.attachments),
    enabled: row.enabled,
    usageCount: row.usageCount,
  };
}

/** The columns for the fields present in `changes`. */
function toColumns(changes: ReplyScriptChanges) {
  const json = (key: 'intents' | 'scenes' | 'stages' | 'tagIds' | 'attachments') =>
    changes[key] !== undefined && { [key]: JSON.stringify(changes[key]) };
  return {
    ...(changes.title !== undefined && { title: changes.title }),
    ...(changes.text !== undefined && { text: changes.text }),
    ...(changes.enabled !== undefined && { enabled: changes.enabled }),
    ...json('intents'),
    ...json('scenes'),
    ...json('stages'),
    ...json('tagIds'),
    ...json('attachments'),
  };
}

export class PrismaReplyScriptRepo implements ReplyScriptRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<ReplyScript[]> {
    const rows = await this.db.replyScript.findMany({ orderBy: { id: 'asc' } });
    return rows.map(toScript);
  }

  async get(id: number): Promise<ReplyScript | null> {
    const row = await this.db.replyScript.findUnique({ where: { id } });
    return row && toScript(row);
  }

  async create(script: NewReplyScript): Promise<ReplyScript> {
    return toScript(await this.db.replyScript.create({ data: { ...toColumns(script), title: script.title, text: script.text } }));
  }

  async update(id: number, changes: ReplyScriptChanges): Promise<ReplyScript | null> {
    // updateMany, not update: an unknown id is an answer (null), not a P2025 error.
    const { count } = await this.db.replyScript.updateMany({ where: { id }, data: toColumns(changes) });
    return count > 0 ? this.get(id) : null;
  }

  async remove(id: number): Promise<boolean> {
    const { count } = await this.db.replyScript.deleteMany({ where: { id } });
    return count > 0;
  }

  async recordUse(id: number): Promise<boolean> {
    // One atomic increment: two salespeople sending at once both count.
    const { count } = await this.db.replyScript.updateMany({ where: { id }, data: { usageCount: { increment: 1 } } });
    return count > 0;
  }
}
