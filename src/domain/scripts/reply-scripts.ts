/**
 * Reply scripts (话术库): ready answers a salesperson sends from the sidebar, each
 * labelled with the intents, scenes, lifecycle stages and customer tags it suits. For a
 * conversation's context the library is ranked: the scene says most about what to say,
 * then the intent, the customer's stage and shared tags; how often a script was sent
 * only breaks near-ties.
 */

export type ScriptAttachment =
  | { type: 'image'; mediaId?: string; url?: string }
  | { type: 'link'; title: string; url: string; desc?: string; picUrl?: string };

export interface ReplyScript {
  id: number;
  title: string;
  text: string;
  intents: string[];
  scenes: string[];
  stages: string[];
  tagIds: string[];
  attachments: ScriptAttachment[];
  enabled: boolean;
  /** Times sent from the sidebar. */
  usageCount: number;
}

/** A script as an admin writes it; the usage count is kept by the library. */
export type NewReplyScript = Omit<ReplyScript, 'id' | 'usageCount'>;

export type ReplyScriptChanges = Partial<NewReplyScript>;

/** What is known of the conversation; every field is optional. */
export interface ScriptContext {
  intent?: string;
  scene?: string;
  stage?: string;
  /** The customer's tags. */
  tagIds?: string[];
}

export interface RankedScript {
  script: ReplyScript;
  score: number;
  /** Why it ranks, e.g. `scene:ready_to_buy`, `tag:etVip`, `generic`, `used:12`. */
  reasons: string[];
}

export interface ReplyScriptRepo {
  /** Every script, by id. */
  list(): Promise<ReplyScript[]>;
  get(id: number): Promise<ReplyScript | null>;
  create(script: NewReplyScript): Promise<ReplyScript>;
  /** @returns the script after the change, or null when there is no such script */
  update(id: number, changes: ReplyScriptChanges): Promise<ReplyScript | null>;
  /** @returns false when there was no such script */
  remove(id: number): Promise<boolean>;
  /** Counts one send; @returns false when there is no such script */
  recordUse(id: number): Promise<boolean>;
}

/** The reason given to a script that suits everyone: it ranks below every match. */
export const GENERIC_REASON = 'generic';

/** Suggestions shown when none is asked for. */
export const DEFAULT_SUGGESTIONS = 5;

/**
 * Each weight exceeds the most all lighter signals can add up to (16 > 8 + 4 + 3 + 0.9,
 * 8 > 4 + 3 + 0.9, …),
 * so a scene match outranks any script without one, an intent match any without one, and
 * so on down: the order is lexicographic, the score just makes it visible.
 */
const WEIGHT = { scene: 16, intent: 8, stage: 4, tag: 1 } as const;
/** Shared tags counted at most; beyond three, more tags say little more about fit. */
const MAX_COUNTED_TAGS = 3;
/** Below one tag's weight, so usage never lifts a script past a better match. */
const MAX_USAGE_BONUS = 0.9;

/** Grows with the log of sends: 1 → 0.09, 10 → 0.31, 100 → 0.6, 1000+ → 0.9. */
function usageBonus(usageCount: number): number {
  const bonus = Math.min(MAX_USAGE_BONUS, Math.log10(1 + Math.max(0, usageCount)) * 0.3);
  return Math.round(bonus * 100) / 100;
}

/** Suits any conversation: labelled with nothing. */
function isGeneric(script: ReplyScript): boolean {
  return script.intents.length + script.scenes.length + script.stages.length + script.tagIds.length === 0;
}

/** The score and reasons of one script, or null when it suits neither the context nor everyone. */
function scoreScript(script: ReplyScript, context: ScriptContext): RankedScript | null {
  let score = 0;
  const reasons: string[] = [];
  const match = (kind: 'scene' | 'intent' | 'stage', value: string | undefined, labels: readonly string[]) => {
    if (value === undefined || !labels.includes(value)) return;
    score += WEIGHT[kind];
    reasons.push(`${kind}:${value}`);
  };
  match('scene', context.scene, script.scenes);
  match('intent', context.intent, script.intents);
  match('stage', context.stage, script.stages);
  const customerTags = new Set(context.tagIds ?? []);
  const shared = [...new Set(script.tagIds)].filter((tagId) => customerTags.has(tagId));
  score += Math.min(shared.length, MAX_COUNTED_TAGS) * WEIGHT.tag;
  reasons.push(...shared.map((tagId) => `tag:${tagId}`));
  if (reasons.length === 0) {
    if (!isGeneric(script)) return null;
    reasons.push(GENERIC_REASON);
  }
  const bonus = usageBonus(script.usageCount);
  if (bonus > 0) reasons.push(`used:${script.usageCount}`);
  return { script, score: Math.round((score + bonus) * 100) / 100, reasons };
}

/**
 * The enabled scripts that suit `context`, best first. Scripts labelled for other
 * situations are left out; generic ones (no labels) are kept, below every match.
 * @param limit - how many to return @defaultValue {@link DEFAULT_SUGGESTIONS}
 * @returns at most `limit` scripts with their score and reasons; ties go to the lower id
 */
export function rankScripts(scripts: readonly ReplyScript[], context: ScriptContext, limit = DEFAULT_SUGGESTIONS): RankedScript[] {
  return scripts
    .filter((script) => script.enabled)
    .map((script) => scoreScript(script, context))
    .filter((ranked): ranked is RankedScript => ranked !== null)
    .sort((a, b) => b.score - a.score || a.script.id - b.script.id)
    .slice(0, Math.max(0, limit));
}
