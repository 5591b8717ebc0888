import { Counter, Gauge, type Registry } from 'prom-client';
import {
  PREDICTION_DROP_REASONS,
  type PredictionLogStats,
  type PredictionLogStatsSource,
} from './prediction-log-stats.js';

type Totals = Omit<PredictionLogStats, 'dropped'> & { dropped: Record<string, number> };

function total(sources: readonly PredictionLogStatsSource[]): Totals {
  const sum: Totals = {
    logged: 0,
    sampledOut: 0,
    dropped: Object.fromEntries(PREDICTION_DROP_REASONS.map((reason) => [reason, 0])),
    flushedRecords: 0,
    flushedBatches: 0,
    storeErrors: 0,
    depth: 0,
    bufferedBytes: 0,
    capacity: 0,
  };
  for (const source of sources) {
    const stats = source.stats();
    sum.logged += stats.logged;
    sum.sampledOut += stats.sampledOut;
    for (const reason of PREDICTION_DROP_REASONS) {
      sum.dropped[reason] = (sum.dropped[reason] ?? 0) + stats.dropped[reason];
    }
    sum.flushedRecords += stats.flushedRecords;
    sum.flushedBatches += stats.flushedBatches;
    sum.storeErrors += stats.storeErrors;
    sum.depth += stats.depth;
    sum.bufferedBytes += stats.bufferedBytes;
    sum.capacity += stats.capacity;
  }
  return sum;
}

/**
 * Prediction-log metrics read from the loggers' own counters at scrape time, so logging a
 * prediction costs nothing here. `sources` is read live: add loggers to it at any time.
 */
export function registerPredictionLogMetrics(
  registry: Registry,
  sources: readonly PredictionLogStatsSource[],
): void {
  // stats() is a handful of field reads, so each metric takes its own reading.
  const read = (): Totals => total(sources);
  const counter = (name: string, help: string, pick: (t: Totals) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(pick(read()));
      },
    });
  const gauge = (name: string, help: string, pick: (t: Totals) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(read()));
      },
    });

  counter(
    'slipway_prediction_log_logged_total',
    'Predictions accepted into the prediction log buffer.',
    (t) => t.logged,
  );
  counter(
    'slipway_prediction_log_sampled_out_total',
    'Predictions left out of the log by the deployment sample rate.',
    (t) => t.sampledOut,
  );
  new Counter({
    name: 'slipway_prediction_log_dropped_total',
    help: 'Predictions that never reached the log store, by reason (buffer_full, store_error, invalid, closed).',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(read().dropped)) this.labels(reason).inc(count);
    },
  });
  counter(
    'slipway_prediction_log_flushed_records_total',
    'Predictions written to the log store.',
    (t) => t.flushedRecords,
  );
  counter(
    'slipway_prediction_log_flushed_batches_total',
    'Batches (multi-row inserts) written to the log store.',
    (t) => t.flushedBatches,
  );
  counter(
    'slipway_prediction_log_store_errors_total',
    'Failed writes to the log store, retried ones included.',
    (t) => t.storeErrors,
  );
  gauge(
    'slipway_prediction_log_buffer_depth',
    'Predictions held in the log buffer, queued or being written.',
    (t) => t.depth,
  );
  gauge(
    'slipway_prediction_log_buffer_capacity',
    'Most predictions the log buffer holds before it drops new ones.',
    (t) => t.capacity,
  );
  gauge(
    'slipway_prediction_log_buffer_bytes',
    'Tensor bytes held in the log buffer.',
    (t) => t.bufferedBytes,
  );
}
