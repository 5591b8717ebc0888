/**
 * Why an accepted or offered record never reached the store:
 * `buffer_full` the buffer held `capacity` records or `maxBufferedBytes` (overload);
 * `store_error` the store failed every retry of the record's batch;
 * `invalid` the event could not be serialised (a bug in the caller, never a crash);
 * `closed` logged after `close()`.
 */
export type PredictionDropReason = 'buffer_full' | 'store_error' | 'invalid' | 'closed';

export const PREDICTION_DROP_REASONS: readonly PredictionDropReason[] = [
  'buffer_full',
  'store_error',
  'invalid',
  'closed',
];

/** Counters since the logger started; read at scrape time, never on the request path. */
export interface PredictionLogStats {
  /** Records accepted into the buffer. */
  logged: number;
  /** Records that sampling left out (not drops: the deployment asked for fewer). */
  sampledOut: number;
  dropped: Record<PredictionDropReason, number>;
  flushedRecords: number;
  flushedBatches: number;
  /** Failed store writes, retried ones included. */
  storeErrors: number;
  /** Records held now, queued or being written. */
  depth: number;
  bufferedBytes: number;
  capacity: number;
}

/** Anything that can report prediction-log statistics (the logger; a fake in a test). */
export interface PredictionLogStatsSource {
  stats(): PredictionLogStats;
}
