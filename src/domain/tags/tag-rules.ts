/**
 * Tag rules (自动打标签): "when this happens to a customer, add these tags and remove
 * those". A rule has one trigger; the facts of one moment (a message's intent and text,
 * the channel a customer came from, a new spend total, a stage move) are matched against
 * every enabled rule, and the plan lists each firing rule's edit, by rule id.
 */

export { LIFECYCLE_STAGES } from '../value/lifecycle.ts';

export const TAG_RULE_TRIGGER_TYPES = ['intent', 'keyword', 'channel', 'spend', 'stage'] as const;
export type TagRuleTriggerType = (typeof TAG_RULE_TRIGGER_TYPES)[number];

export type TagRuleTrigger =
  | { type: 'intent'; intents: string[] }
  | { type: 'keyword'; keywords: string[] }
  /** Channel codes' `state`, as WeCom echoes it when the customer adds the salesperson. */
  | { type: 'channel'; states: string[] }
  /** The customer's total spend (in the shop's unit, e.g. yuan) reaches `atLeast`. */
  | { type: 'spend'; atLeast: number }
  | { type: 'stage'; stages: string[] };

export interface TagRule {
  id: number;
  name: string;
  enabled: boolean;
  trigger: TagRuleTrigger;
  addTagIds: string[];
  removeTagIds: string[];
}

export type NewTagRule = Omit<TagRule, 'id'>;

/** What an admin can change on a rule; absent keys stay as they are. */
export type TagRuleChanges = Partial<NewTagRule>;

/** What is known at the moment rules are applied; a rule whose fact is absent does not fire. */
export interface TagFacts {
  intent?: string;
  /** The customer's message. */
  text?: string;
  channelState?: string;
  totalSpend?: number;
  /** The total before this change; unknown means the customer had no total yet. */
  previousTotalSpend?: number;
  stage?: string;
  previousStage?: string;
}

/** One firing rule's edit. */
export interface PlannedTagEdit {
  ruleId: number;
  add: string[];
  remove: string[];
}

export interface TagRuleRepo {
  /** Every rule, by id. */
  list(): Promise<TagRule[]>;
  get(id: number): Promise<TagRule | null>;
  create(rule: NewTagRule): Promise<TagRule>;
  /** @returns the rule after the change, or null when there is no such rule */
  update(id: number, changes: TagRuleChanges): Promise<TagRule | null>;
  /** @returns false when there was no such rule */
  remove(id: number): Promise<boolean>;
}

/**
 * Case and width folded (NFKC maps ＶＩＰ and ！ to VIP and !), so an admin's keyword
 * matches however the customer typed it. Deliberately not intent/normalize.ts's
 * normalizeText: its typo and particle rewrites depend on context, so a keyword and the
 * same words inside a sentence could fold differently.
 */
function foldForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function containsKeyword(text: string, keywords: readonly string[]): boolean {
  const folded = foldForMatch(text);
  return keywords.some((keyword) => {
    const needle = foldForMatch(keyword);
    return needle.length > 0 && folded.includes(needle);
  });
}

/**
 * Fires once, on the change that crosses the threshold, so a customer is not re-tagged
 * after a salesperson took the tag off. An unknown previous total is a first purchase.
 */
function crossesSpend(atLeast: number, facts: TagFacts): boolean {
  const { totalSpend: current, previousTotalSpend: previous } = facts;
  if (current === undefined || current < atLeast) return false;
  return previous === undefined || previous < atLeast;
}

/** Fires when the customer enters one of the stages, not on every event while in it. */
function entersStage(stages: readonly string[], facts: TagFacts): boolean {
  return facts.stage !== undefined && stages.includes(facts.stage) && facts.previousStage !== facts.stage;
}

/** Whether `trigger` fires on `facts`. */
export function triggerFires(trigger: TagRuleTrigger, facts: TagFacts): boolean {
  switch (trigger.type) {
    case 'intent':
      return facts.intent !== undefined && trigger.intents.includes(facts.intent);
    case 'keyword':
      return facts.text !== undefined && containsKeyword(facts.text, trigger.keywords);
    case 'channel':
      return facts.channelState !== undefined && trigger.states.includes(facts.channelState);
    case 'spend':
      return crossesSpend(trigger.atLeast, facts);
    case 'stage':
      return entersStage(trigger.stages, facts);
  }
}

/**
 * The edits of the enabled rules that fire on `facts`, by rule id. The caller applies
 * them in that order, so when two rules disagree on a tag the higher id has the last word.
 * @param rules - every rule (disabled ones are skipped)
 * @param facts - what is known now
 * @returns one edit per firing rule
 */
export function planTagRules(rules: readonly TagRule[], facts: TagFacts): PlannedTagEdit[] {
  return rules
    .filter((rule) => rule.enabled && triggerFires(rule.trigger, facts))
    .sort((a, b) => a.id - b.id)
    .map((rule) => ({ ruleId: rule.id, add: [...rule.addTagIds], remove: [...rule.removeTagIds] }));
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * A trigger from its stored parts: the type and the parameters (the trigger without
 * `type`). The inverse of {@link triggerParams}.
 * @returns the trigger, or null when the parts do not make one
 */
export function parseTrigger(type: string, params: unknown): TagRuleTrigger | null {
  if (typeof params !== 'object' || params === null) return null;
  const p = params as Record<string, unknown>;
  switch (type) {
    case 'intent':
      return isStringArray(p.intents) ? { type, intents: p.intents } : null;
    case 'keyword':
      return isStringArray(p.keywords) ? { type, keywords: p.keywords } : null;
    case 'channel':
      return isStringArray(p.states) ? { type, states: p.states } : null;
    case 'stage':
      return isStringArray(p.stages) ? { type, stages: p.stages } : null;
    case 'spend':
      return typeof p.atLeast === 'number' && Number.isFinite(p.atLeast) ? { type, atLeast: p.atLeast } : null;
    default:
      return null;
  }
}

/** The trigger's parameters: everything but `type`, which is stored apart. */
export function triggerParams(trigger: TagRuleTrigger): Record<string, unknown> {
  const params: Record<string, unknown> = { ...trigger };
  delete params.type;
  return params;
}
