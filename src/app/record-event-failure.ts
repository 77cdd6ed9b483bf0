/** Records a failed processing attempt; the last one marks the inbox entry failed. */
import type { AppDeps } from './deps.ts';

export async function recordEventFailure(
  deps: Pick<AppDeps, 'inbox'>,
  input: { dedupeKey: string; error: string; final: boolean },
): Promise<void> {
  await deps.inbox.recordFailure(input.dedupeKey, input.error, input.final);
}
