/**
 * One value loaded on demand and reused for `ttlMs`; concurrent readers share one load,
 * and a failed load is not kept. For rarely-changing configuration read on hot paths.
 */
import type { Clock } from './clock.ts';

export interface TtlCache<T> {
  get(): Promise<T>;
  clear(): void;
}

export function ttlCache<T>(load: () => Promise<T>, ttlMs: number, clock: Clock): TtlCache<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return {
    get() {
      const now = clock.now().getTime();
      if (!cached || now - cached.at > ttlMs) {
        const value = load();
        const entry = { at: now, value };
        cached = entry;
        value.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return cached.value;
    },
    clear() {
      cached = null;
    },
  };
}
