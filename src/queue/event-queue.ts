/**
 * EventQueue on BullMQ: job id = dedupe key, so a key already waiting, active or kept
 * after completion is not queued twice. Single enqueues are group-committed into one
 * `addBulk`, and every Redis round trip is capped so an outage cannot stall callers.
 */
import { Queue, type DefaultJobOptions } from 'bullmq';
import type { EventQueue } from '../domain/ports.ts';
import { GroupCommit } from '../shared/group-commit.ts';
import { withTimeout } from '../shared/timeout.ts';
import { EVENT_JOB_OPTIONS, EVENTS_QUEUE, type EventJobData, eventJobId } from './jobs.ts';
import type { Redis } from './redis.ts';

export interface BullEventQueueOptions {
  connection: Redis;
  /** Redis key prefix (tests use one per file). @defaultValue 'bull' */
  prefix?: string;
  /** Longest wait for Redis before an enqueue fails. @defaultValue 2000 */
  timeoutMs?: number;
  /** Overrides of EVENT_JOB_OPTIONS (tests shorten attempts and backoff). */
  jobOptions?: DefaultJobOptions;
  /** Queue name. @defaultValue EVENTS_QUEUE */
  name?: string;
  /** Prefix of job ids, for queues whose jobs are keyed by the same inbox entries. @defaultValue '' */
  jobIdPrefix?: string;
}

export class BullEventQueue implements EventQueue {
  readonly queue: Queue<EventJobData>;
  private readonly timeoutMs: number;
  private readonly batcher = new GroupCommit<string, void>(async (keys) => {
    await this.enqueueMany(keys);
    return keys.map(() => undefined);
  });

  private readonly jobIdPrefix: string;

  constructor(options: BullEventQueueOptions) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.jobIdPrefix = options.jobIdPrefix ?? '';
    this.queue = new Queue<EventJobData>(options.name ?? EVENTS_QUEUE, {
      connection: options.connection,
      prefix: options.prefix ?? 'bull',
      defaultJobOptions: { ...EVENT_JOB_OPTIONS, ...options.jobOptions },
    });
    // Errors surface on the add() promises; without a listener an 'error' event would throw.
    this.queue.on('error', () => {});
  }

  enqueue(dedupeKey: string): Promise<void> {
    return this.batcher.submit(dedupeKey);
  }

  async enqueueMany(dedupeKeys: string[]): Promise<void> {
    if (dedupeKeys.length === 0) return;
    const jobs = dedupeKeys.map((dedupeKey) => ({
      name: 'event',
      data: { dedupeKey },
      opts: { jobId: eventJobId(dedupeKey, this.jobIdPrefix) },
    }));
    await withTimeout(this.queue.addBulk(jobs), this.timeoutMs, 'enqueue');
  }

  /** Job counts by state, for /metrics and the readiness detail. */
  async counts(): Promise<Record<string, number>> {
    return withTimeout(
      this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
      this.timeoutMs,
      'job counts',
    );
  }

  async close(): Promise<void> {
    await this.batcher.drain().catch(() => {});
    await this.queue.close();
  }
}
