/**
 * Percentiles by linear interpolation between closest ranks (numpy's default), so the
 * median of an even count is the mean of the two middle values.
 */

/** The p-th quantile (0 ≤ p ≤ 1) of the values; undefined for none. */
export function quantile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
