/** The worker for inbox events: job → processInboxEvent; the last failure marks the entry failed. */
import type { Worker } from 'bullmq';
import type { AppDeps } from '../app/deps.ts';
import { processInboxEvent } from '../app/process-inbox-event.ts';
import { recordEventFailure } from '../app/record-event-failure.ts';
import type { Metrics } from '../shared/metrics.ts';
import { EVENT_JOB_ATTEMPTS, EVENT_WORKER_LOCK_MS, EVENT_WORKER_STALLED_INTERVAL_MS, EVENTS_QUEUE, type EventJobData } from './jobs.ts';
import { startKeyedWorker } from './keyed-worker.ts';

export interface EventWorkerOptions {
  redisUrl: string;
  /** @defaultValue 'bull' */
  prefix?: string;
  /** Jobs processed at once by this process (they mostly wait on I/O). @defaultValue 50 */
  concurrency?: number;
  metrics?: Metrics;
}

export function startEventWorker(
  deps: Pick<AppDeps, 'inbox' | 'eventHandlers' | 'clock' | 'logger'>,
  options: EventWorkerOptions,
): Worker<EventJobData> {
  return startKeyedWorker({
    queue: EVENTS_QUEUE,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 50,
    lockDurationMs: EVENT_WORKER_LOCK_MS,
    stalledIntervalMs: EVENT_WORKER_STALLED_INTERVAL_MS,
    defaultAttempts: EVENT_JOB_ATTEMPTS,
    process: (dedupeKey) => processInboxEvent(deps, dedupeKey),
    onFailure: (dedupeKey, error, final) => recordEventFailure(deps, { dedupeKey, error: error.message, final }),
    logger: deps.logger,
    metrics: options.metrics,
  });
}
