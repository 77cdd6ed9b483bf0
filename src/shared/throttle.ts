/**
 * `once per interval`: returns true at most once every `intervalMs`. For log lines that
 * would otherwise repeat on every retry while a dependency is down.
 */
export function throttle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
