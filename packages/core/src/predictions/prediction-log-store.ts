import type { GroundTruth, LabeledPrediction } from './ground-truth.js';
import type { JsonValue, LoggedTensor, PredictionRecord } from './prediction-record.js';
import type { PredictionWrite } from './prediction-write.js';

/** Predictions of one deployment in `[from, to)` (milliseconds), oldest first. */
export interface PredictionQuery {
  deployment: string;
  /** Inclusive lower bound on `time`. */
  from?: number;
  /** Exclusive upper bound on `time`. */
  to?: number;
  /** Rows per page (1 .. MAX_PREDICTION_PAGE_SIZE). */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only predictions served by this model version (`modelName` narrows further when given). */
  modelVersion?: string;
  modelName?: string;
  /** Newest first, each page older than the last (the prediction browser); default oldest first. */
  newestFirst?: boolean;
}

export interface PredictionJoinQuery extends PredictionQuery {
  /** Only predictions that have ground truth (an inner join), for quality monitors. */
  labeledOnly?: boolean;
}

export interface PredictionPage<T> {
  items: T[];
  /** Present when more rows may follow; pass it back as `cursor`. */
  nextCursor?: string;
}

export interface PredictionCountQuery {
  deployment: string;
  from?: number;
  to?: number;
}

/**
 * Labelled, successful predictions of one deployment in `[from, to)`, counted per distinct
 * (variant, model, version, outputs, label): what an A/B analysis scores. Identical predictions
 * with identical labels collapse into one group, so a classifier's log comes back as a few rows.
 */
export interface OutcomeGroupQuery {
  deployment: string;
  from?: number;
  to?: number;
}

export interface OutcomeGroup {
  variant: string | null;
  modelName: string;
  modelVersion: string;
  outputs: LoggedTensor[];
  label: JsonValue;
  count: number;
}

export interface RetentionResult {
  predictions: number;
  groundTruth: number;
}

export const MAX_PREDICTION_PAGE_SIZE = 10_000;

/**
 * The prediction log and its ground truth.
 *
 * Paging is keyset paging on (time, insertion order), so a page boundary never skips or repeats a
 * row while new predictions are appended; a prediction appended later with an older `time` than
 * the cursor is not seen by that scan. A request id may appear more than once per deployment (a
 * shadow challenger logs under the primary's request id, and clients may reuse ids): ground truth
 * joins every prediction with its (deployment, request id).
 */
export interface PredictionLogStore {
  /**
   * Writes all records atomically (all or none). The logger passes `PredictionWrite`s (raw
   * tensors); a `PredictionRecord` (tensors already in JSON form, e.g. an import) is kept as given.
   */
  append(records: readonly (PredictionWrite | PredictionRecord)[]): Promise<void>;
  query(query: PredictionQuery): Promise<PredictionPage<PredictionRecord>>;
  /** Predictions left-joined with their ground truth (inner-joined with `labeledOnly`). */
  join(query: PredictionJoinQuery): Promise<PredictionPage<LabeledPrediction>>;
  count(query: PredictionCountQuery): Promise<number>;
  /** Counts per distinct (variant, model, version, outputs, label); see OutcomeGroupQuery. */
  outcomeGroups(query: OutcomeGroupQuery): Promise<OutcomeGroup[]>;
  /**
   * Upserts labels by (deployment, request id), atomically. A label may arrive before its prediction
   * is flushed, or for a request that sampling left out: it is kept either way.
   */
  attachGroundTruth(labels: readonly GroundTruth[]): Promise<void>;
  /** Deletes predictions, and ground truth, whose own `time` is before `cutoff` (ms). */
  deleteOlderThan(cutoff: number): Promise<RetentionResult>;
}
