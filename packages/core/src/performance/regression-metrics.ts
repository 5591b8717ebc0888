import { checkSameLength, finiteAt } from './metric-inputs.js';
import type { MetricColumn } from './metric-inputs.js';
import { NO_ROWS, metricValue, noMetricValue } from './metric-value.js';
import type { MetricValue } from './metric-value.js';

/** scikit-learn's guard against dividing by a zero target in MAPE: float64 machine epsilon. */
const MAPE_EPSILON = Number.EPSILON;

/** Sum of f(truth, prediction) over rows, after checking both columns hold finite numbers. */
function sumOver(
  what: string,
  yTrue: MetricColumn,
  yPred: MetricColumn,
  f: (truth: number, prediction: number) => number,
): number {
  checkSameLength(what, yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    sum += f(finiteAt(yTrue, i, `${what} y_true`), finiteAt(yPred, i, `${what} y_pred`));
  }
  return sum;
}

export function meanAbsoluteError(yTrue: MetricColumn, yPred: MetricColumn): MetricValue {
  const sum = sumOver('MAE', yTrue, yPred, (t, p) => Math.abs(t - p));
  return yTrue.length === 0 ? noMetricValue(NO_ROWS) : metricValue(sum / yTrue.length);
}

export function rootMeanSquaredError(yTrue: MetricColumn, yPred: MetricColumn): MetricValue {
  const sum = sumOver('RMSE', yTrue, yPred, (t, p) => (t - p) * (t - p));
  return yTrue.length === 0 ? noMetricValue(NO_ROWS) : metricValue(Math.sqrt(sum / yTrue.length));
}

/**
 * Mean of |y - ŷ| / max(|y|, eps), as scikit-learn's mean_absolute_percentage_error: a zero
 * target gives a huge term rather than Infinity. A fraction (0.1 = 10 %), not a percentage.
 */
export function meanAbsolutePercentageError(yTrue: MetricColumn, yPred: MetricColumn): MetricValue {
  const sum = sumOver(
    'MAPE',
    yTrue,
    yPred,
    (t, p) => Math.abs(t - p) / Math.max(Math.abs(t), MAPE_EPSILON),
  );
  return yTrue.length === 0 ? noMetricValue(NO_ROWS) : metricValue(sum / yTrue.length);
}

/**
 * Coefficient of determination, as scikit-learn's r2_score with force_finite: a constant y_true
 * gives 1 for a perfect prediction and 0 otherwise; under two rows it is undefined.
 */
export function r2Score(yTrue: MetricColumn, yPred: MetricColumn): MetricValue {
  const n = yTrue.length;
  const mean = sumOver('R²', yTrue, yPred, (t) => t) / (n === 0 ? 1 : n);
  if (n < 2) return noMetricValue('R² is undefined with fewer than two rows');
  const residual = sumOver('R²', yTrue, yPred, (t, p) => (t - p) * (t - p));
  const total = sumOver('R²', yTrue, yPred, (t) => (t - mean) * (t - mean));
  if (total === 0) {
    return metricValue(
      residual === 0 ? 1 : 0,
      'y_true is constant, so R² is set to 1.0 for a perfect prediction and 0.0 otherwise.',
    );
  }
  return metricValue(1 - residual / total);
}
