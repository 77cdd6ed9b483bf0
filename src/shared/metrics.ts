/**
 * Prometheus metrics, one registry per process. Adapters record into these; /metrics
 * renders the registry. Label values are closed sets (event labels, reject reasons).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  callbacksReceived: Counter<'event'>;
  callbacksRejected: Counter<'reason'>;
  callbacksDuplicate: Counter;
  enqueueFailures: Counter;
  sweeperRequeued: Counter;
  queueDepth: Gauge<'queue' | 'state'>;
  jobDuration: Histogram<'queue' | 'outcome'>;
}

/** @param withDefaults also collect Node process metrics (off in tests). @defaultValue true */
export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    callbacksReceived: new Counter({
      name: 'wecom_callbacks_received_total',
      help: 'WeCom callbacks verified, decrypted and stored, by event',
      labelNames: ['event'],
      registers: [registry],
    }),
    callbacksRejected: new Counter({
      name: 'wecom_callbacks_rejected_total',
      help: 'WeCom callbacks refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    callbacksDuplicate: new Counter({
      name: 'wecom_callbacks_duplicate_total',
      help: 'Replayed WeCom deliveries answered without storing or queueing again',
      registers: [registry],
    }),
    enqueueFailures: new Counter({
      name: 'inbox_enqueue_failures_total',
      help: 'Stored events that could not be queued at once (the sweeper queues them later)',
      registers: [registry],
    }),
    sweeperRequeued: new Counter({
      name: 'inbox_sweeper_requeued_total',
      help: 'Stored but unprocessed events handed to the queue again by the sweeper',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'queue_job_duration_seconds',
      help: 'Time spent processing a job, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}
