/**
 * Acknowledge first, work later: store the decoded callback durably in the inbox, then
 * hand it to the queue without waiting. If the queue is down the entry is still stored
 * and the sweeper queues it later, so the 200 WeCom receives is never a lie.
 */
import type { InboxEntry } from '../domain/ports.ts';
import { startsWelcome } from './send-welcome.ts';
import type { AppDeps } from './deps.ts';

export interface AcceptResult {
  /** True when this delivery's key was already stored (a WeCom retry): nothing was done. */
  duplicate: boolean;
}

export async function acceptCallback(
  deps: Pick<AppDeps, 'inbox' | 'eventQueue' | 'welcomeQueue' | 'logger'> & { onEnqueueFailed?: () => void },
  entry: InboxEntry,
): Promise<AcceptResult> {
  const isNew = await deps.inbox.add(entry);
  if (isNew && deps.welcomeQueue && startsWelcome(entry.event)) {
    // Straight to its own queue: the code dies 20 s after the event (see send-welcome.ts).
    deps.welcomeQueue.enqueue(entry.dedupeKey).catch((error: unknown) => {
      deps.logger.warn({ dedupeKey: entry.dedupeKey, err: error }, 'welcome not queued; the event worker will try');
    });
  }
  if (isNew) {
    deps.eventQueue.enqueue(entry.dedupeKey).catch((error: unknown) => {
      deps.onEnqueueFailed?.();
      deps.logger.warn(
        { dedupeKey: entry.dedupeKey, err: error },
        'event stored but not queued yet; the inbox sweeper will queue it',
      );
    });
  }
  return { duplicate: !isNew };
}
