/**
 * The sweeper's use case: queue again every stored event that is still unprocessed
 * after a grace period. Covers a Redis that was down when the event arrived or lost
 * its data; queueing a key that is already queued is a no-op.
 */
import type { AppDeps } from './deps.ts';

export interface RequeueOptions {
  /** Only entries older than this are touched, leaving fresh ones to the hot path. */
  olderThanMs: number;
  limit: number;
}

/** Returns how many entries were handed to the queue. */
export async function requeueUnprocessed(
  deps: Pick<AppDeps, 'inbox' | 'eventQueue' | 'clock'>,
  options: RequeueOptions,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - options.olderThanMs);
  const entries = await deps.inbox.listUnprocessed(before, options.limit);
  if (entries.length > 0) await deps.eventQueue.enqueueMany(entries.map((e) => e.dedupeKey));
  return entries.length;
}
