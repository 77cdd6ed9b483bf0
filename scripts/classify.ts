/**
 * One message per stdin line → one JSON object per stdout line:
 *   {"text": ..., "intent": ..., "confidence": ..., "scene": <scene key or null>}
 *   printf '快吃完了\n发货了吗\n' | npm run -s classify
 * Blank lines are skipped; nothing else is written to stdout.
 */
import { createInterface } from 'node:readline';
import { detectIntent } from '../src/domain/intent/intent.ts';
import { sceneFor } from '../src/domain/intent/scene.ts';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const { intent, confidence } = detectIntent(line);
  process.stdout.write(`${JSON.stringify({ text: line, intent, confidence, scene: sceneFor(intent)?.key ?? null })}\n`);
}
