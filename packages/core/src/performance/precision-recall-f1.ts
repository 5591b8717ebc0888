import { invalidArgument } from '../errors.js';
import { countClasses } from './class-counts.js';
import type { ClassCounts } from './class-counts.js';
import { classIndexOf } from './class-labels.js';
import type { ClassIndex, ClassLabel } from './class-labels.js';
import { checkSameLength } from './metric-inputs.js';
import type { MetricColumn } from './metric-inputs.js';
import { NO_ROWS, metricValue, noMetricValue } from './metric-value.js';
import type { MetricValue } from './metric-value.js';

/** scikit-learn's `average=`: one positive class, or per-class scores averaged. */
export type AverageMode = 'binary' | 'macro' | 'weighted' | 'micro';

export interface PrecisionRecallF1Options {
  average?: AverageMode;
  /** The class that counts as positive with average 'binary'; 1 by default, as in scikit-learn. */
  positiveLabel?: ClassLabel;
}

export interface PrecisionRecallF1 {
  readonly precision: MetricValue;
  readonly recall: MetricValue;
  readonly f1: MetricValue;
}

/** tp / denominator per class, 0 where the denominator is 0 (zero_division "warn"), naming those classes. */
function ratios(
  tp: Float64Array,
  denominators: Float64Array,
  classes: readonly number[],
): { values: Float64Array; undefinedFor: number[] } {
  const values = new Float64Array(classes.length);
  const undefinedFor: number[] = [];
  classes.forEach((c, j) => {
    const d = denominators[c]!;
    if (d === 0) undefinedFor.push(c);
    else values[j] = tp[c]! / d;
  });
  return { values, undefinedFor };
}

function average(values: Float64Array, weights: Float64Array | null): number {
  let sum = 0;
  let weightSum = 0;
  for (let j = 0; j < values.length; j++) {
    const w = weights === null ? 1 : weights[j]!;
    sum += w * values[j]!;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : sum / weightSum;
}

function illDefined(metric: string, why: string, index: ClassIndex, classes: number[]): string {
  const names = classes.map((c) => JSON.stringify(index.classes[c]));
  return `${metric} is ill-defined and set to 0.0 for ${why}: ${names.join(', ')}.`;
}

function fromCounts(
  counts: ClassCounts,
  index: ClassIndex,
  classes: number[],
  mode: AverageMode,
): PrecisionRecallF1 {
  let { truePositives: tp, predicted, actual } = counts;
  let considered = classes;
  if (mode === 'micro') {
    const sum = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((s, v) => s + v, 0));
    [tp, predicted, actual] = [sum(tp), sum(predicted), sum(actual)];
    considered = [0];
  }
  const precision = ratios(tp, predicted, considered);
  const recall = ratios(tp, actual, considered);
  const f1 = precision.values.map((p, j) => {
    const r = recall.values[j]!;
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  });
  const weights = mode === 'weighted' ? Float64Array.from(considered, (c) => actual[c]!) : null;
  const bothUndefined = considered.filter((c) => predicted[c] === 0 && actual[c] === 0);
  const warn = (metric: string, why: string, which: number[]): string | undefined =>
    mode === 'micro' || which.length === 0 ? undefined : illDefined(metric, why, index, which);
  return {
    precision: metricValue(
      average(precision.values, weights),
      warn('Precision', 'classes with no predicted rows', precision.undefinedFor),
    ),
    recall: metricValue(
      average(recall.values, weights),
      warn('Recall', 'classes with no true rows', recall.undefinedFor),
    ),
    f1: metricValue(
      average(f1, weights),
      warn('F1', 'classes with neither true nor predicted rows', bothUndefined),
    ),
  };
}

/**
 * Precision, recall and F1 as scikit-learn's precision_recall_fscore_support computes them, with
 * zero_division "warn": classes are the sorted labels found in either column; 'binary' scores the
 * positive class (the labels must have at most two classes); 'macro' averages the classes equally,
 * 'weighted' by their true counts, 'micro' pools the counts.
 */
export function precisionRecallF1(
  yTrue: MetricColumn,
  yPred: MetricColumn,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1 {
  const mode = options.average ?? 'binary';
  if (!['binary', 'macro', 'weighted', 'micro'].includes(mode)) {
    throw invalidArgument(
      `average must be 'binary', 'macro', 'weighted' or 'micro', got ${JSON.stringify(mode)}.`,
    );
  }
  checkSameLength('precision/recall/F1', yTrue, yPred);
  const index = classIndexOf([yTrue, yPred], 'precision/recall/F1 labels');
  if (yTrue.length === 0) {
    const none = noMetricValue(NO_ROWS);
    return { precision: none, recall: none, f1: none };
  }
  const counts = countClasses(
    index.encode(yTrue, 'y_true'),
    index.encode(yPred, 'y_pred'),
    index.size,
  );
  if (mode !== 'binary') {
    return fromCounts(counts, index, [...index.classes.keys()], mode);
  }
  const positiveLabel = options.positiveLabel ?? 1;
  if (index.size > 2) {
    throw invalidArgument(
      `The labels have ${index.size} classes but average is 'binary'; choose 'macro', 'weighted' or 'micro'.`,
    );
  }
  const positive = index.positionOf(positiveLabel);
  if (positive < 0) {
    if (index.size === 2) {
      throw invalidArgument(
        `positiveLabel ${JSON.stringify(positiveLabel)} is not one of the labels ${JSON.stringify(index.classes)}; pass the positive class.`,
      );
    }
    // Only the other class occurs: as in scikit-learn, the positive class scores 0 (0/0 for precision and recall).
    const warning = `Precision and recall are ill-defined and set to 0.0: no row is or is predicted ${JSON.stringify(positiveLabel)}.`;
    return {
      precision: metricValue(0, warning),
      recall: metricValue(0, warning),
      f1: metricValue(0, warning),
    };
  }
  return fromCounts(counts, index, [positive], 'binary');
}
