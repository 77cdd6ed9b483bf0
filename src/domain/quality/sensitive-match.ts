/**
 * Matching messages against sensitive-word rules. Text is compared after NFKC (full-width
 * letters, digits and spaces become half-width) and lower-casing; fuzzy rules also drop
 * whitespace, punctuation and symbols from both sides, so "微 信" or "V.X" still match.
 */
import type { Direction, QualityRule } from './quality.ts';

/** Longest pattern an admin may save; patterns run on every message. */
export const MAX_PATTERN_LENGTH = 200;

const SEPARATORS = /[\p{P}\p{S}\p{Z}\s]+/gu;
const ASCII_WORD = /[a-z0-9_]/;

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function squeeze(text: string): string {
  return normalize(text).replace(SEPARATORS, '');
}

/**
 * Whole words: a term is bounded where it meets another ASCII letter or digit ("vx" is not
 * in "vxyz"). CJK has no spaces between words, so a CJK edge needs no boundary.
 */
function findWholeWord(text: string, term: string): boolean {
  if (!term) return false;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    const openStart = !(before && ASCII_WORD.test(before) && ASCII_WORD.test(term[0]!));
    const openEnd = !(after && ASCII_WORD.test(after) && ASCII_WORD.test(term[term.length - 1]!));
    if (openStart && openEnd) return true;
  }
  return false;
}

/** Whether the pattern compiles as a JavaScript regex (what admins' regex rules must be). */
export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

/** What the rule matched in the text, or undefined. An uncompilable regex matches nothing. */
export function matchRule(rule: Pick<QualityRule, 'kind' | 'pattern' | 'matchMode'>, text: string): string | undefined {
  const subject = rule.matchMode === 'fuzzy' ? squeeze(text) : normalize(text);
  if (rule.kind === 'regex') {
    if (!isValidPattern(rule.pattern)) return undefined;
    return new RegExp(rule.pattern, 'iu').exec(subject)?.[0] || undefined;
  }
  const term = rule.matchMode === 'fuzzy' ? squeeze(rule.pattern) : normalize(rule.pattern).trim();
  if (!term) return undefined;
  const found = rule.matchMode === 'fuzzy' ? subject.includes(term) : findWholeWord(subject, term);
  return found ? rule.pattern : undefined;
}

export interface ScreenedMessage {
  direction: Direction;
  /** The salesperson (or customer-service account) of the conversation. */
  userId?: string;
  text?: string;
}

/** The enabled rules in scope for the message that match it, with what each matched. */
export function screenMessage(rules: readonly QualityRule[], message: ScreenedMessage): { rule: QualityRule; matched: string }[] {
  const text = message.text;
  if (!text?.trim() || !message.userId) return [];
  const userId = message.userId;
  const hits: { rule: QualityRule; matched: string }[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !rule.directions.includes(message.direction)) continue;
    if (rule.userIds.length > 0 && !rule.userIds.includes(userId)) continue;
    const matched = matchRule(rule, text);
    if (matched !== undefined) hits.push({ rule, matched });
  }
  return hits;
}
