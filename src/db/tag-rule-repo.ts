/**
 * Tag rules in Prisma: the trigger's type in its own column and its parameters as JSON
 * (see domain/tags/tag-rules.ts parseTrigger). A trigger that cannot be read (only a
 * hand edit of the row can do that) makes the rule read as disabled with a trigger that
 * never fires, rather than failing every message's rules; the admin can still see, fix
 * or delete it.
 */
import { parseTrigger, triggerParams, type NewTagRule, type TagRule, type TagRuleChanges, type TagRuleRepo, type TagRuleTrigger } from '../domain/tags/tag-rules.ts';
import type { TagRule as TagRuleRow } from './generated/sqlite/client.ts';
import type { Db } from './prisma.ts';
import { jsonArray } from './column-values.ts';

const NEVER_FIRES: TagRuleTrigger = { type: 'intent', intents: [] };

function readTrigger(row: TagRuleRow): TagRuleTrigger | null {
  try {
    return parseTrigger(row.triggerType, JSON.parse(row.trigger));
  } catch {
    return null;
  }
}

function toRule(row: TagRuleRow): TagRule {
  const trigger = readTrigger(row);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled && trigger !== null,
    trigger: trigger ?? NEVER_FIRES,
    addTagIds: jsonArray<string>(row.addTagIds),
    removeTagIds: jsonArray<string>(row.removeTagIds),
  };
}

/** The columns for the fields present in `changes`. */
function toColumns(changes: TagRuleChanges) {
  return {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.enabled !== undefined && { enabled: changes.enabled }),
    ...(changes.trigger !== undefined && { triggerType: changes.trigger.type, trigger: JSON.stringify(triggerParams(changes.trigger)) }),
    ...(changes.addTagIds !== undefined && { addTagIds: JSON.stringify(changes.addTagIds) }),
    ...(changes.removeTagIds !== undefined && { removeTagIds: JSON.stringify(changes.removeTagIds) }),
  };
}

export class PrismaTagRuleRepo implements TagRuleRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<TagRule[]> {
    const rows = await this.db.tagRule.findMany({ orderBy: { id: 'asc' } });
    return rows.map(toRule);
  }

  async get(id: number): Promise<TagRule | null> {
    const row = await this.db.tagRule.findUnique({ where: { id } });
    return row && toRule(row);
  }

  async create(rule: NewTagRule): Promise<TagRule> {
    const data = {
      ...toColumns(rule),
      name: rule.name,
      triggerType: rule.trigger.type,
      trigger: JSON.stringify(triggerParams(rule.trigger)),
    };
    return toRule(await this.db.tagRule.create({ data }));
  }

  async update(id: number, changes: TagRuleChanges): Promise<TagRule | null> {
    // updateMany, not update: an unknown id is an answer (null), not a P2025 error.
    const { count } = await this.db.tagRule.updateMany({ where: { id }, data: toColumns(changes) });
    return count > 0 ? this.get(id) : null;
  }

  async remove(id: number): Promise<boolean> {
    const { count } = await this.db.tagRule.deleteMany({ where: { id } });
    return count > 0;
  }
}
