/**
 * Intent classifier speed on one core: module load and training time, then
 * the held-out and training messages classified round-robin for a few seconds after a warm-up.
 * Prints messages/s and per-message latency percentiles (each call timed with hrtime.bigint).
 *   npm run bench:intent                 ~3 s
 *   npm run bench:intent -- --seconds=10
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const seconds = Number(process.argv.find((arg) => arg.startsWith('--seconds='))?.slice('--seconds='.length) ?? 3);

const loadStart = process.hrtime.bigint();
const { createIntentClassifier, detectIntent } = await import('../src/domain/intent/intent.ts');
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
const trainStart = process.hrtime.bigint();
createIntentClassifier();
const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;
const { TRAINING_DATA } = await import('../src/domain/intent/training-data.ts');

const heldout = readFileSync(resolve(ROOT, 'tests/fixtures/intent/heldout.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const corpus = [...heldout, ...Object.values(TRAINING_DATA).flat()];

let sink = 0; // keeps the calls observable so nothing is optimised away
for (let i = 0; i < 20_000; i++) sink += detectIntent(corpus[i % corpus.length]!).confidence;

const latenciesNs: number[] = [];
const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
const runStart = process.hrtime.bigint();
for (let i = 0; ; i++) {
  const start = process.hrtime.bigint();
  sink += detectIntent(corpus[i % corpus.length]!).confidence;
  const end = process.hrtime.bigint();
  latenciesNs.push(Number(end - start));
  if (end >= deadline) break;
}
const elapsedS = Number(process.hrtime.bigint() - runStart) / 1e9;

latenciesNs.sort((a, b) => a - b);
const at = (p: number) => latenciesNs[Math.min(latenciesNs.length - 1, Math.floor(p * latenciesNs.length))]!;
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const averageChars = corpus.reduce((sum, text) => sum + text.length, 0) / corpus.length;
console.log(`corpus: ${corpus.length} distinct messages (avg ${averageChars.toFixed(1)} chars)`);
console.log(`module load ${loadMs.toFixed(0)} ms (tsx transpile + lexicon compile + training); training alone ${trainMs.toFixed(0)} ms`);
console.log(`classified ${latenciesNs.length} messages in ${elapsedS.toFixed(2)} s: ${Math.round(latenciesNs.length / elapsedS)} messages/s (timing overhead included)`);
console.log(`latency per message: p50 ${us(at(0.5))}  p99 ${us(at(0.99))}  p99.9 ${us(at(0.999))}  max ${us(latenciesNs[latenciesNs.length - 1]!)}`);
if (Number.isNaN(sink)) console.log('unreachable');
