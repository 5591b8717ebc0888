import type { JsonValue, PredictionRecord } from './prediction-record.js';

/**
 * The true outcome of a prediction, known later and attached by request id. At most one label per
 * (deployment, request id): attaching again replaces it.
 */
export interface GroundTruth {
  requestId: string;
  deployment: string;
  label: JsonValue;
  /** When the label arrived, milliseconds since the epoch. */
  time: number;
}

/** A prediction with its ground truth, when one has been attached. */
export interface LabeledPrediction extends PredictionRecord {
  groundTruth?: { label: JsonValue; time: number };
}
