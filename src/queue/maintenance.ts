/**
 * Periodic chores (channel rebalancing, handover result polling) as BullMQ job
 * schedulers: every worker process upserts the same schedulers, BullMQ keeps one of each
 * and hands each run to exactly one worker, so scaling out adds no duplicate runs.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from '../shared/logger.ts';
import { within } from '../shared/timeout.ts';
import { workerConnectionOptions, type Redis } from './redis.ts';

export const MAINTENANCE_QUEUE = 'maintenance';

export interface MaintenanceTask {
  /** Scheduler id and job name; stable across releases. */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface Maintenance {
  /** Runs a task now, outside its schedule (tests, admin triggers). */
  runNow(name: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startMaintenance(
  tasks: readonly MaintenanceTask[],
  options: { connection: Redis; redisUrl: string; prefix?: string; logger: Logger },
): Promise<Maintenance> {
  const prefix = options.prefix ?? 'bull';
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: options.connection, prefix });
  for (const task of tasks) {
    // First run one period from now, not at once: a fleet starting together (or a test app)
    // should not open with every chore, and a restart only postpones the next run.
    await queue.upsertJobScheduler(
      task.name,
      { every: task.everyMs, startDate: Date.now() + task.everyMs },
      { name: task.name, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }
  const run = async (name: string) => {
    const task = byName.get(name);
    if (!task) throw new Error(`no maintenance task ${name}`);
    return task.run();
  };
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      const result = await run(job.name);
      options.logger.debug({ task: job.name, result }, 'maintenance task done');
      return result;
    },
    { connection: workerConnectionOptions(options.redisUrl), prefix, concurrency: 1 },
  );
  // The next run comes soon; a failure is worth a warning, not a retry storm.
  worker.on('failed', (job, error) => options.logger.warn({ task: job?.name, err: error }, 'maintenance task failed'));
  worker.on('error', () => {});
  return {
    runNow: run,
    async close() {
      await within(8_000, worker.close());
      await within(2_000, queue.close());
    },
  };
}
