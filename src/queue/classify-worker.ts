/** The classification queue's worker: job (a message key) → classifyMessage. */
import type { Worker } from 'bullmq';
import { classifyMessage, type ClassifyDeps } from '../app/classify-message.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../shared/metrics.ts';
import { CLASSIFY_JOB_OPTIONS, CLASSIFY_QUEUE, EVENT_WORKER_LOCK_MS, EVENT_WORKER_STALLED_INTERVAL_MS, type EventJobData } from './jobs.ts';
import { startKeyedWorker } from './keyed-worker.ts';

export function startClassifyWorker(
  deps: ClassifyDeps & { logger: Logger },
  options: { redisUrl: string; prefix?: string; concurrency?: number; metrics?: Metrics },
): Worker<EventJobData> {
  return startKeyedWorker({
    queue: CLASSIFY_QUEUE,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 20,
    lockDurationMs: EVENT_WORKER_LOCK_MS,
    stalledIntervalMs: EVENT_WORKER_STALLED_INTERVAL_MS,
    defaultAttempts: CLASSIFY_JOB_OPTIONS.attempts ?? 5,
    process: (key) => classifyMessage(deps, key),
    logger: deps.logger,
    metrics: options.metrics,
  });
}
