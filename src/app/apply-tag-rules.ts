/**
 * Applies the admins' tag rules to one salesperson–customer relation: plan which rules
 * fire on the facts, then carry out each rule's edit through changeCustomerTags, in rule
 * id order, with the rule as the cause. Each rule's history rows are keyed by the
 * operation and the rule, so a retried job records every rule's change once, and two
 * rules touching the same tag in one operation both stay visible.
 */
import { planTagRules, type PlannedTagEdit, type TagFacts, type TagRuleRepo } from '../domain/tags/tag-rules.ts';
import { changeCustomerTags, type TagDeps } from './tag-customer.ts';

export interface ApplyTagRulesDeps extends TagDeps {
  rules: Pick<TagRuleRepo, 'list'>;
}

export interface ApplyTagRulesInput {
  userId: string;
  externalUserId: string;
  facts: TagFacts;
  /** The event's dedupe key or the message's key: what makes a retry the same operation. */
  operationId: string;
}

/**
 * Drops tags that are no longer live corp tags (deleted in WeCom since the rule was
 * saved): mark_tag would refuse the whole edit for one of them, and the rule's other tags
 * should still apply.
 */
async function withLiveTags(deps: TagDeps, plan: PlannedTagEdit[]): Promise<PlannedTagEdit[]> {
  if (!deps.corpTags || plan.length === 0) return plan;
  const unknown = new Set(await deps.corpTags.unknownTagIds([...new Set(plan.flatMap((edit) => [...edit.add, ...edit.remove]))]));
  if (unknown.size === 0) return plan;
  const live = (tagIds: string[]) => tagIds.filter((tagId) => !unknown.has(tagId));
  return plan.map((edit) => ({ ruleId: edit.ruleId, add: live(edit.add), remove: live(edit.remove) }));
}

/**
 * @param deps - the tag use case's ports and the rules (a cached list suits the hot path)
 * @param input - whose tags, what happened, and the operation's id
 * @returns per firing rule, the tags it really added and removed; rules whose edit the
 *   relation already had are left out
 */
export async function applyTagRules(deps: ApplyTagRulesDeps, input: ApplyTagRulesInput): Promise<PlannedTagEdit[]> {
  const plan = await withLiveTags(deps, planTagRules(await deps.rules.list(), input.facts));
  const applied: PlannedTagEdit[] = [];
  for (const edit of plan) {
    if (edit.add.length === 0 && edit.remove.length === 0) continue;
    const result = await changeCustomerTags(deps, {
      userId: input.userId,
      externalUserId: input.externalUserId,
      add: edit.add,
      remove: edit.remove,
      cause: { kind: 'rule', ref: String(edit.ruleId) },
      operationId: `${input.operationId}#rule-${edit.ruleId}`,
    });
    if (result.add.length > 0 || result.remove.length > 0) applied.push({ ruleId: edit.ruleId, add: result.add, remove: result.remove });
  }
  return applied;
}
