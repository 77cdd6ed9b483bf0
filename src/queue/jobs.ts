/** Queue names, job payloads and job options: the contract between producers and workers. */
import type { DefaultJobOptions } from 'bullmq';

export const EVENTS_QUEUE = 'wecom-events';
/**
 * Welcome messages get their own queue and workers: a WelcomeCode dies 20 s after the
 * event, so these jobs must never wait behind a backlog of ordinary events.
 */
export const WELCOME_QUEUE = 'wecom-welcome';
/** Customer chat messages to classify; a job names one stored message by its key. */
export const CLASSIFY_QUEUE = 'chat-classify';

/** A job only names its inbox entry; the event itself is read from the inbox. */
export interface EventJobData {
  dedupeKey: string;
}

/** Attempts before an event is moved to `failed` (and the inbox row with it). */
export const EVENT_JOB_ATTEMPTS = 8;

export const EVENT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: EVENT_JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2_000 },
  // The inbox row is the permanent dedupe guard; finished jobs need not stay in Redis long.
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/**
 * A short lock so a worker killed mid-job is noticed in seconds, not the default 30 s
 * (toolchain.md: 5 s settings recovered a killed job in ~10 s).
 */
export const EVENT_WORKER_LOCK_MS = 10_000;
export const EVENT_WORKER_STALLED_INTERVAL_MS = 5_000;

/** Welcome jobs: few attempts close together, since the code is useless after 20 s. */
export const WELCOME_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 500 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};
export const WELCOME_WORKER_LOCK_MS = 5_000;

/** Classification jobs: a few attempts, kept briefly (the message row is the record). */
export const CLASSIFY_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};
export const WELCOME_WORKER_STALLED_INTERVAL_MS = 2_000;

/**
 * BullMQ rejects ':' and all-digit custom ids; dedupe keys are built to avoid both.
 * @param prefix distinguishes the jobs of different queues made from one inbox entry.
 */
export function eventJobId(dedupeKey: string, prefix = ''): string {
  if (dedupeKey.includes(':') || /^\d+$/.test(dedupeKey)) throw new Error(`unusable job id: ${dedupeKey}`);
  return `${prefix}${dedupeKey}`;
}
