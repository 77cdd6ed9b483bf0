/**
 * Periodic chores on real Redis: two worker processes register the same schedule and
 * BullMQ keeps one scheduler, so each period runs the task once, not once per process.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { MAINTENANCE_QUEUE, startMaintenance, type Maintenance } from '../../../src/queue/maintenance.ts';
import { createProducerConnection, type Redis } from '../../../src/queue/redis.ts';
import { createRootLogger } from '../../../src/shared/logger.ts';
import { waitUntil } from '../../helpers/test-app.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6391';

describe('maintenance schedulers', () => {
  const started: Maintenance[] = [];
  const connections: Redis[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
    await Promise.all(connections.splice(0).map((c) => c.quit()));
  });

  it('should run a task on its schedule once per period however many processes register it', async () => {
    const prefix = `test-maint-${randomBytes(4).toString('hex')}`;
    const runs: number[] = [];
    const task = { name: 'count', everyMs: 400, run: async () => runs.push(Date.now()) };
    for (let i = 0; i < 2; i++) {
      const connection = createProducerConnection(REDIS_URL);
      connections.push(connection);
      started.push(await startMaintenance([task], { connection, redisUrl: REDIS_URL, prefix, logger: createRootLogger('silent') }));
    }
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: connections[0]!, prefix });
    expect(await queue.getJobSchedulers()).toHaveLength(1);

    const from = Date.now();
    await waitUntil(async () => runs.length >= 4, 10_000, 'four runs');
    const elapsed = Date.now() - from;
    // Two registrations running every period would give about twice as many runs as periods.
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / 400) + 2);
    const gaps = runs.slice(1).map((t, i) => t - runs[i]!);
    expect(Math.min(...gaps)).toBeGreaterThan(200);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('should run a task at once on request and refuse an unknown one', async () => {
    const connection = createProducerConnection(REDIS_URL);
    connections.push(connection);
    const maintenance = await startMaintenance([{ name: 'answer', everyMs: 3_600_000, run: async () => 42 }], {
      connection,
      redisUrl: REDIS_URL,
      prefix: `test-maint-${randomBytes(4).toString('hex')}`,
      logger: createRootLogger('silent'),
    });
    started.push(maintenance);
    expect(await maintenance.runNow('answer')).toBe(42);
    await expect(maintenance.runNow('nope')).rejects.toThrow('no maintenance task nope');
  });
});
