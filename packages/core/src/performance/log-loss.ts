import { invalidArgument } from '../errors.js';
import { classIndexOf, explicitClassIndex } from './class-labels.js';
import type { ClassIndex, ClassLabel } from './class-labels.js';
import { finiteAt } from './metric-inputs.js';
import type { MetricColumn } from './metric-inputs.js';
import { NO_ROWS, metricValue, noMetricValue } from './metric-value.js';
import type { MetricValue } from './metric-value.js';

/** scikit-learn 1.2's eps="auto": the machine epsilon of float64. */
const EPS = Number.EPSILON;

export interface LogLossOptions {
  /**
   * The classes, in the order of the probability columns. By default the sorted labels of y_true,
   * as scikit-learn does (which then reads the columns in sorted-label order).
   */
  classes?: readonly ClassLabel[];
}

function clip(p: number): number {
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
}

/**
 * Mean cross-entropy, as scikit-learn 1.2's log_loss: probabilities are clipped to [eps, 1 - eps]
 * and each row is then divided by its sum. `probabilities` is either one value per row (the
 * probability of the second class, binary only) or row-major with one column per class.
 */
export function logLoss(
  yTrue: MetricColumn,
  probabilities: ArrayLike<number>,
  options: LogLossOptions = {},
): MetricValue {
  const index: ClassIndex =
    options.classes === undefined
      ? classIndexOf([yTrue], 'log loss labels')
      : explicitClassIndex(options.classes, 'log loss');
  const n = yTrue.length;
  const k = index.size;
  const oneColumn = k === 2 && probabilities.length === n;
  if (!oneColumn && probabilities.length !== n * k) {
    throw invalidArgument(
      `log loss: expected ${n} rows × ${k} classes = ${n * k} probabilities (row-major)` +
        `${k === 2 ? ` or ${n}, one per row for the second class` : ''}, got ${probabilities.length}.`,
    );
  }
  const codes = index.encode(yTrue, 'y_true');
  if (n === 0) return noMetricValue(NO_ROWS);
  if (k < 2) {
    return noMetricValue(
      `log loss needs at least two classes; y_true holds only ${JSON.stringify(index.classes[0])}: pass the model's classes.`,
    );
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const truth = codes[i]!;
    let rowSum = 0;
    let picked: number;
    if (oneColumn) {
      const p1 = clip(finiteAt(probabilities, i, 'probabilities'));
      const p0 = 1 - p1;
      rowSum = p0 + p1;
      picked = truth === 1 ? p1 : p0;
    } else {
      picked = 0;
      for (let c = 0; c < k; c++) {
        const p = clip(finiteAt(probabilities, i * k + c, 'probabilities'));
        rowSum += p;
        if (c === truth) picked = p;
      }
    }
    total -= Math.log(picked / rowSum);
  }
  return metricValue(total / n);
}
