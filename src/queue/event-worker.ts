/**
 * The worker for inbox events: job → processInboxEvent. A missing inbox entry can never
 * succeed, so it is unrecoverable; anything else is retried with backoff, and the last
 * failure marks the inbox entry failed so the sweeper stops re-queueing it.
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { AppDeps } from '../app/deps.ts';
import { processInboxEvent } from '../app/process-inbox-event.ts';
import { recordEventFailure } from '../app/record-event-failure.ts';
import { AppError } from '../shared/errors.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttle } from '../shared/throttle.ts';
import {
  EVENT_JOB_ATTEMPTS,
  EVENT_WORKER_LOCK_MS,
  EVENT_WORKER_STALLED_INTERVAL_MS,
  EVENTS_QUEUE,
  type EventJobData,
} from './jobs.ts';
import { workerConnectionOptions } from './redis.ts';

export interface EventWorkerOptions {
  redisUrl: string;
  /** @defaultValue 'bull' */
  prefix?: string;
  /** Jobs processed at once by this process (they mostly wait on I/O). @defaultValue 50 */
  concurrency?: number;
  metrics?: Metrics;
}

/** `retryAfterMs` of a retryable error that says when to try again. */
function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof AppError) || !error.retryable || !('retryAfterMs' in error)) return undefined;
  return typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

export function startEventWorker(
  deps: Pick<AppDeps, 'inbox' | 'eventHandlers' | 'clock' | 'logger'>,
  options: EventWorkerOptions,
): Worker<EventJobData> {
  const log = deps.logger;
  const worker = new Worker<EventJobData>(
    EVENTS_QUEUE,
    async (job: Job<EventJobData>, token?: string) => {
      const started = performance.now();
      try {
        const outcome = await processInboxEvent(deps, job.data.dedupeKey);
        options.metrics?.jobDuration.observe({ queue: EVENTS_QUEUE, outcome }, (performance.now() - started) / 1000);
        return outcome;
      } catch (error) {
        options.metrics?.jobDuration.observe({ queue: EVENTS_QUEUE, outcome: 'error' }, (performance.now() - started) / 1000);
        // Rate limited (our limiter or a WeCom 45009 pause): wait it out without using an attempt.
        const retryAfterMs = retryAfter(error);
        if (retryAfterMs !== undefined && token) {
          await job.moveToDelayed(Date.now() + retryAfterMs, token);
          throw new DelayedError();
        }
        // A permanent failure (bad payload, config error, missing inbox row) is not retried.
        if (error instanceof AppError && !error.retryable) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
    {
      connection: workerConnectionOptions(options.redisUrl),
      prefix: options.prefix ?? 'bull',
      concurrency: options.concurrency ?? 50,
      lockDuration: EVENT_WORKER_LOCK_MS,
      stalledInterval: EVENT_WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? EVENT_JOB_ATTEMPTS);
    // Retries log only on the last attempt (architecture convention 6).
    if (final) log.error({ jobId: job.id, err: error, attempts: job.attemptsMade }, 'event processing failed for good');
    recordEventFailure(deps, { dedupeKey: job.data.dedupeKey, error: error.message, final }).catch((err: unknown) =>
      log.error({ jobId: job.id, err }, 'could not record the failure in the inbox'),
    );
  });
  // ioredis retries every second or two while Redis is down: say so once a minute, not each time.
  const shouldLogError = throttle(60_000);
  worker.on('error', (error) => {
    if (shouldLogError()) log.warn({ err: error }, 'event worker cannot reach Redis; retrying');
  });
  return worker;
}
