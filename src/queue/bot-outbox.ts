/**
 * The bot's outbox: what campaigns want said in customer groups outside a live reply
 * (reminders, announcements of check-ins counted from the archive). Any process may
 * queue; only the bot role consumes, because only it holds the logged-in account
 * (Outline's queue that only the websockets service consumes). The job id is the
 * message's dedupe key, so one thing is not queued twice while its job is kept.
 */
import { Queue, Worker } from 'bullmq';
import type { GroupMessenger } from '../domain/ports.ts';
import type { Logger } from '../shared/logger.ts';
import { withTimeout } from '../shared/timeout.ts';
import type { Redis } from './redis.ts';
import { workerConnectionOptions } from './redis.ts';

export const BOT_OUTBOX_QUEUE = 'bot-outbox';

export interface OutboxMessage {
  chatId: string;
  text: string;
  mentions: string[];
}

const OUTBOX_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  // Kept two days so a reminder re-queued the same day is recognised by its id.
  removeOnComplete: { age: 2 * 86_400 },
  removeOnFail: { age: 7 * 86_400 },
} as const;

/** BullMQ job ids may not contain ':' nor be all digits. */
function outboxJobId(dedupeKey: string): string {
  return `say-${dedupeKey.replace(/:/g, '_')}`;
}

export class BullBotOutbox implements GroupMessenger {
  readonly queue: Queue<OutboxMessage>;
  private readonly timeoutMs: number;

  constructor(options: { connection: Redis; prefix?: string; timeoutMs?: number }) {
    this.queue = new Queue<OutboxMessage>(BOT_OUTBOX_QUEUE, { connection: options.connection, prefix: options.prefix ?? 'bull', defaultJobOptions: OUTBOX_JOB_OPTIONS });
    this.queue.on('error', () => {});
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  async say(chatId: string, text: string, options: { dedupeKey: string; mentions?: readonly string[] }): Promise<void> {
    await withTimeout(this.queue.add('say', { chatId, text, mentions: [...(options.mentions ?? [])] }, { jobId: outboxJobId(options.dedupeKey) }), this.timeoutMs, 'outbox add');
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/**
 * The bot role's consumer. One message at a time: a group sees them in order, and the
 * puppet is not flooded.
 */
export function startOutboxWorker(options: { redisUrl: string; prefix?: string; send: (message: OutboxMessage) => Promise<void>; logger: Logger }): Worker<OutboxMessage> {
  const worker = new Worker<OutboxMessage>(BOT_OUTBOX_QUEUE, (job) => options.send(job.data), {
    connection: workerConnectionOptions(options.redisUrl),
    prefix: options.prefix ?? 'bull',
    concurrency: 1,
  });
  worker.on('failed', (job, error) => options.logger.warn({ err: error, chatId: job?.data.chatId, attempt: job?.attemptsMade }, 'bot outbox message not sent'));
  worker.on('error', (error) => options.logger.warn({ err: error }, 'bot outbox worker error'));
  return worker;
}
