import {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  accuracy,
  logLoss,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  precisionRecallF1,
  r2Score,
  rocAuc,
  rocAucOneVsRest,
} from '@slipway/core';
import type { MetricValue, MonitorSpec, MonitorVersionResult } from '@slipway/core';
import { rootMeanSquaredError } from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';
import { performanceInputs } from './performance-inputs.js';
import type { PerformanceInputs } from './performance-inputs.js';

type PerformanceSpec = NonNullable<MonitorSpec['performance']>;
type PerformanceResult = NonNullable<MonitorVersionResult['performance']>;
type MetricResult = PerformanceResult['metrics'][string];

const NEEDS_SCORES =
  "needs a score per class: the model's output gives one value per prediction (name the output of probabilities with performance.scoreOutput)";

function plain(value: MetricValue): MetricResult {
  return { ...value };
}

/** A metric that cannot be computed on this data says why instead of failing the run. */
function attempt(compute: () => MetricValue): MetricResult {
  try {
    return plain(compute());
  } catch (err) {
    return { value: null, reason: err instanceof Error ? err.message : String(err) };
  }
}

function classIndices(width: number): number[] {
  return Array.from({ length: width }, (_, j) => j);
}

function classification(
  spec: PerformanceSpec,
  data: PerformanceInputs,
  wanted: readonly string[],
): Record<string, MetricResult> {
  const { truth, predicted, scores } = data;
  const metrics: Record<string, MetricResult> = {};
  const classes = new Set<unknown>([...truth, ...predicted]);
  const binary = classes.size <= 2;
  const prf = (pick: 'precision' | 'recall' | 'f1') =>
    attempt(() => {
      const value = precisionRecallF1(truth, predicted, {
        average: binary ? 'binary' : 'macro',
        ...(spec.positiveLabel === undefined ? {} : { positiveLabel: spec.positiveLabel }),
      })[pick];
      return binary || value.value === null
        ? value
        : { ...value, warning: `macro average over ${classes.size} classes` };
    });
  for (const name of wanted) {
    if (name === 'accuracy') metrics[name] = attempt(() => accuracy(truth, predicted));
    if (name === 'precision' || name === 'recall' || name === 'f1') metrics[name] = prf(name);
    if (name === 'roc_auc') {
      metrics[name] =
        scores === null
          ? { value: null, reason: `ROC AUC ${NEEDS_SCORES}` }
          : attempt(() => {
              if (scores.width > 2) {
                return rocAucOneVsRest(truth, scores.values, classIndices(scores.width));
              }
              const positive = typeof spec.positiveLabel === 'number' ? spec.positiveLabel : 1;
              const column = Float64Array.from(
                { length: truth.length },
                (_, i) => scores.values[i * 2 + positive]!,
              );
              return rocAuc(truth, column, { positiveLabel: positive });
            });
    }
    if (name === 'log_loss') {
      metrics[name] =
        scores === null
          ? { value: null, reason: `log loss ${NEEDS_SCORES}` }
          : attempt(() => logLoss(truth, scores.values, { classes: classIndices(scores.width) }));
    }
  }
  return metrics;
}

function regression(
  data: PerformanceInputs,
  wanted: readonly string[],
): Record<string, MetricResult> {
  const truth = Float64Array.from(data.truth, Number);
  const predicted = Float64Array.from(data.predicted, Number);
  const compute = {
    mae: meanAbsoluteError,
    rmse: rootMeanSquaredError,
    mape: meanAbsolutePercentageError,
    r2: r2Score,
  } as const;
  const metrics: Record<string, MetricResult> = {};
  for (const name of wanted) {
    const metric = compute[name as keyof typeof compute];
    metrics[name] = attempt(() => metric(truth, predicted));
  }
  return metrics;
}

/**
 * Classification or regression metrics of a window from its ground truth. See
 * `performanceInputs` for how predictions are read; ROC AUC and log loss need a score per class
 * (binary: the positive class is index `positiveLabel`, default 1). Precision, recall and F1 are
 * binary for at most two classes (positive class `positiveLabel`, default 1), else macro-averaged.
 */
export function windowPerformance(
  spec: PerformanceSpec,
  rows: readonly WindowRow[],
): PerformanceResult {
  const data = performanceInputs(rows, spec);
  const wanted =
    spec.metrics ?? (spec.task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS);
  const metrics =
    data.truth.length === 0
      ? Object.fromEntries(
          wanted.map((name) => [name, { value: null, reason: 'no ground truth in the window' }]),
        )
      : spec.task === 'classification'
        ? classification(spec, data, wanted)
        : regression(data, wanted);
  return {
    task: spec.task,
    labelled: data.labelled,
    coverage: rows.length === 0 ? 0 : data.labelled / rows.length,
    metrics,
  };
}
