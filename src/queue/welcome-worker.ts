/** The welcome queue's worker: its own concurrency and short locks, so codes are used in time. */
import type { Worker } from 'bullmq';
import { sendWelcomeForEntry, type WelcomeDeps } from '../app/send-welcome.ts';
import type { InboxStore } from '../domain/ports.ts';
import type { Metrics } from '../shared/metrics.ts';
import { type EventJobData, WELCOME_JOB_OPTIONS, WELCOME_QUEUE, WELCOME_WORKER_LOCK_MS, WELCOME_WORKER_STALLED_INTERVAL_MS } from './jobs.ts';
import { startKeyedWorker } from './keyed-worker.ts';

export function startWelcomeWorker(
  deps: WelcomeDeps & { inbox: InboxStore },
  options: { redisUrl: string; prefix?: string; concurrency?: number; metrics?: Metrics },
): Worker<EventJobData> {
  return startKeyedWorker({
    queue: WELCOME_QUEUE,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 100,
    lockDurationMs: WELCOME_WORKER_LOCK_MS,
    stalledIntervalMs: WELCOME_WORKER_STALLED_INTERVAL_MS,
    defaultAttempts: WELCOME_JOB_OPTIONS.attempts ?? 3,
    process: (dedupeKey) => sendWelcomeForEntry(deps, dedupeKey),
    logger: deps.logger,
    metrics: options.metrics,
  });
}
