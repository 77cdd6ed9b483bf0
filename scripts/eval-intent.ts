/**
 * Intent classifier quality: per-label precision / recall / F1 / support and macro-F1 on the
 * held-out fixture and on the shared dev set, plus the dev confusions (gold → predicted).
 *   npm run eval:intent                  both sets
 *   npm run eval:intent -- --only=dev    one set (dev or heldout)
 *   npm run eval:intent -- --verbose     also list each misclassified message
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectIntent, INTENTS, isIntent, type Intent } from '../src/domain/intent/intent.ts';

interface Example {
  text: string;
  intent: Intent;
}

const ROOT = resolve(import.meta.dirname, '..');
const SETS = {
  heldout: resolve(ROOT, 'tests/fixtures/intent/heldout.jsonl'),
  dev: resolve(ROOT, '../shared/data/intent-dev.jsonl'),
};

function readExamples(path: string): Example[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = JSON.parse(line) as { text?: unknown; intent?: unknown };
      if (typeof parsed.text !== 'string' || !isIntent(parsed.intent)) throw new Error(`${path}:${index + 1}: needs {"text", "intent"} with a known intent`);
      return { text: parsed.text, intent: parsed.intent };
    });
}

const pct = (value: number) => (Number.isNaN(value) ? '   -  ' : value.toFixed(3).padStart(6));

function evaluate(name: string, examples: Example[], verbose: boolean): void {
  const predictions = examples.map((example) => ({ ...example, predicted: detectIntent(example.text).intent }));
  console.log(`\n== ${name}: ${examples.length} messages ==`);
  console.log(`${'label'.padEnd(18)} precision  recall      f1  support`);
  let f1Sum = 0;
  for (const label of INTENTS) {
    const truePositives = predictions.filter((p) => p.intent === label && p.predicted === label).length;
    const predicted = predictions.filter((p) => p.predicted === label).length;
    const support = predictions.filter((p) => p.intent === label).length;
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? NaN : truePositives / support;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    f1Sum += f1;
    console.log(`${label.padEnd(18)}    ${pct(precision)}  ${pct(recall)}  ${pct(f1)}  ${String(support).padStart(7)}`);
  }
  const accuracy = predictions.filter((p) => p.predicted === p.intent).length / predictions.length;
  console.log(`macro-F1 ${(f1Sum / INTENTS.length).toFixed(3)}   accuracy ${accuracy.toFixed(3)}`);

  const errors = predictions.filter((p) => p.predicted !== p.intent);
  if (name !== 'dev' && !verbose) return;
  const confusions = new Map<string, string[]>();
  for (const error of errors) {
    const key = `${error.intent} → ${error.predicted}`;
    confusions.set(key, [...(confusions.get(key) ?? []), error.text]);
  }
  console.log(`misclassified: ${errors.length}`);
  for (const [key, texts] of [...confusions].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    console.log(`  ${String(texts.length).padStart(3)}  ${key}${verbose ? `   ${texts.join(' | ')}` : ''}`);
  }
}

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const verbose = process.argv.includes('--verbose');
for (const [name, path] of Object.entries(SETS)) {
  if (only && only !== name) continue;
  if (!existsSync(path)) {
    console.log(`\n== ${name}: ${path} not found, skipped ==`);
    continue;
  }
  evaluate(name, readExamples(path), verbose);
}
