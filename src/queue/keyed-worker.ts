/**
 * A BullMQ worker whose jobs each name one inbox entry. Shared by the event and welcome
 * queues: rate-limited errors delay the job without spending an attempt, permanent
 * errors fail it at once, and the final failure is reported once.
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttle } from '../shared/throttle.ts';
import type { EventJobData } from './jobs.ts';
import { workerConnectionOptions } from './redis.ts';

export interface KeyedWorkerOptions {
  queue: string;
  redisUrl: string;
  /** @defaultValue 'bull' */
  prefix?: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Attempts assumed when a job does not say (its queue's default). */
  defaultAttempts: number;
  /** Does the job's work; the returned string is its outcome (for metrics). */
  process(dedupeKey: string): Promise<string>;
  /** Called after each failed attempt; `final` when no attempt is left. */
  onFailure?(dedupeKey: string, error: Error, final: boolean): Promise<void>;
  logger: Logger;
  metrics?: Metrics;
}

/** `retryAfterMs` of a retryable error that says when to try again. */
function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof AppError) || !error.retryable || !('retryAfterMs' in error)) return undefined;
  return typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

export function startKeyedWorker(options: KeyedWorkerOptions): Worker<EventJobData> {
  const { queue, logger: log, metrics } = options;
  const observe = (outcome: string, started: number) =>
    metrics?.jobDuration.observe({ queue, outcome }, (performance.now() - started) / 1000);
  const worker = new Worker<EventJobData>(
    queue,
    async (job: Job<EventJobData>, token?: string) => {
      const started = performance.now();
      try {
        const outcome = await options.process(job.data.dedupeKey);
        observe(outcome, started);
        return outcome;
      } catch (error) {
        observe('error', started);
        // Rate limited (our limiter or a WeCom 45009 pause): wait it out without using an attempt.
        const retryAfterMs = retryAfter(error);
        if (retryAfterMs !== undefined && token) {
          await job.moveToDelayed(Date.now() + retryAfterMs, token);
          throw new DelayedError();
        }
        // A permanent failure (bad payload, config error, missing inbox row) is not retried.
        if (error instanceof AppError && !error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
      }
    },
    {
      connection: workerConnectionOptions(options.redisUrl),
      prefix: options.prefix ?? 'bull',
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job || error instanceof DelayedError) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? options.defaultAttempts);
    // Retries log only on the last attempt (architecture convention 6).
    if (final) log.error({ queue, jobId: job.id, err: error, attempts: job.attemptsMade }, 'job failed for good');
    options.onFailure?.(job.data.dedupeKey, error, final).catch((err: unknown) =>
      log.error({ queue, jobId: job.id, err }, 'could not record the failure'),
    );
  });
  // ioredis retries every second or two while Redis is down: say so once a minute, not each time.
  const shouldLogError = throttle(60_000);
  worker.on('error', (error) => {
    if (shouldLogError()) log.warn({ queue, err: error }, 'worker cannot reach Redis; retrying');
  });
  return worker;
}
