import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig } from '../../src/config.ts';

const EXAMPLE = readFileSync('.env.example', 'utf8');
/** Names in .env.example, whether set or commented out (`# NAME=`). */
const exampleKeys = [...EXAMPLE.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

describe('.env.example', () => {
  it('should list every variable src/config.ts reads, and nothing else', () => {
    expect([...new Set(exampleKeys)].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('should be a valid configuration as written', () => {
    const env = Object.fromEntries([...EXAMPLE.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(parseConfig(env).mode).toBe('sandbox');
  });
});
