/**
 * Runs the handlers registered for one stored event and marks it processed. An entry
 * already processed is skipped, so a job that runs again (worker crash, replay, sweeper)
 * has its effect once.
 */
import type { WecomEvent } from '../domain/events.ts';
import type { EventHandler } from '../domain/ports.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { AppDeps } from './deps.ts';

export type ProcessOutcome = 'processed' | 'already_processed';

export async function processInboxEvent(
  deps: Pick<AppDeps, 'inbox' | 'eventHandlers' | 'clock'>,
  dedupeKey: string,
): Promise<ProcessOutcome> {
  const entry = await deps.inbox.get(dedupeKey);
  if (!entry) throw new NotFoundError(`no inbox entry ${dedupeKey}`, 'inbox_entry_missing');
  if (entry.status === 'processed') return 'already_processed';
  const handlers = (deps.eventHandlers[entry.event.type] ?? []) as EventHandler<WecomEvent>[];
  for (const handler of handlers) await handler(entry.event, { dedupeKey });
  await deps.inbox.markProcessed(dedupeKey, deps.clock.now());
  return 'processed';
}
