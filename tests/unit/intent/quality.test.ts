import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectIntent, INTENTS, type Intent } from '../../../src/domain/intent/intent.ts';
import { normalizeText } from '../../../src/domain/intent/normalize.ts';
import { TRAINING_DATA } from '../../../src/domain/intent/training-data.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; intent: Intent });

const heldout = readJsonl(resolve(ROOT, 'tests/fixtures/intent/heldout.jsonl'));
const devPath = resolve(ROOT, '../shared/data/intent-dev.jsonl');

function macroF1(pairs: { gold: Intent; predicted: Intent }[]): number {
  let sum = 0;
  for (const label of INTENTS) {
    const truePositives = pairs.filter((p) => p.gold === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const gold = pairs.filter((p) => p.gold === label).length;
    const precision = predicted ? truePositives / predicted : 0;
    const recall = gold ? truePositives / gold : 0;
    sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return sum / INTENTS.length;
}

describe('intent classifier quality', () => {
  it('should have a held-out set of at least 200 messages with every label at least 15 times', () => {
    expect(heldout.length).toBeGreaterThanOrEqual(200);
    for (const label of INTENTS) expect(heldout.filter((e) => e.intent === label).length, label).toBeGreaterThanOrEqual(15);
  });

  it('should keep the training data disjoint from the held-out set and the dev set', () => {
    const training = new Set(Object.values(TRAINING_DATA).flat().map(normalizeText));
    const leaked = heldout.filter((e) => training.has(normalizeText(e.text)));
    if (existsSync(devPath)) leaked.push(...readJsonl(devPath).filter((e) => training.has(normalizeText(e.text))));
    expect(leaked).toEqual([]);
  });

  it('should reach macro-F1 0.90 on the held-out set (a regression guard, not a tuning target)', () => {
    const pairs = heldout.map((e) => ({ gold: e.intent, predicted: detectIntent(e.text).intent }));
    expect(macroF1(pairs)).toBeGreaterThanOrEqual(0.9);
  });
});
