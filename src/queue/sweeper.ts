/**
 * A plain timer, not a BullMQ job: it exists for the moments Redis is down or lost
 * data, when a repeatable job could not fire. Runs in every worker process; running it
 * twice is harmless because queueing an existing job id is a no-op.
 */
import type { AppDeps } from '../app/deps.ts';
import { requeueUnprocessed } from '../app/requeue-unprocessed.ts';
import type { Metrics } from '../shared/metrics.ts';
import { throttle } from '../shared/throttle.ts';

export interface SweeperOptions {
  /** @defaultValue 5000 */
  intervalMs?: number;
  /** Entries younger than this are left to the hot path. @defaultValue 10000 */
  graceMs?: number;
  /** @defaultValue 1000 */
  batchSize?: number;
  metrics?: Metrics;
}

export interface Sweeper {
  /** Runs one pass now; resolves with the number of entries queued. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

export function startSweeper(deps: Pick<AppDeps, 'inbox' | 'eventQueue' | 'clock' | 'logger'>, options: SweeperOptions = {}): Sweeper {
  const graceMs = options.graceMs ?? 10_000;
  const batchSize = options.batchSize ?? 1_000;
  let running: Promise<number> | null = null;
  const shouldLogFailure = throttle(60_000);

  const sweep = (): Promise<number> => {
    running ??= requeueUnprocessed(deps, { olderThanMs: graceMs, limit: batchSize })
      .then((count) => {
        if (count > 0) {
          options.metrics?.sweeperRequeued.inc(count);
          deps.logger.info({ count }, 'sweeper queued stored events');
        }
        return count;
      })
      .catch((error: unknown) => {
        // Redis being down is the normal reason to be here; log it once a minute, not every pass.
        if (shouldLogFailure()) deps.logger.warn({ err: error }, 'sweeper could not queue stored events; will retry');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void sweep(), options.intervalMs ?? 5_000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
