import { invalidArgument } from '../errors.js';
import { classIndexOf, explicitClassIndex } from './class-labels.js';
import type { ClassLabel } from './class-labels.js';
import { checkSameLength, finiteAt } from './metric-inputs.js';
import type { MetricColumn } from './metric-inputs.js';
import { NO_ROWS, metricValue, noMetricValue } from './metric-value.js';
import type { MetricValue } from './metric-value.js';
import { rankAuc } from './rank-auc.js';

export interface RocAucOptions {
  /** The class the scores are for; by default the greater of the two labels, as in scikit-learn. */
  positiveLabel?: ClassLabel;
}

const ONE_CLASS = 'ROC AUC is undefined when y_true holds a single class';

/** Binary ROC AUC of scores (higher = more likely positive), as scikit-learn's roc_auc_score. */
export function rocAuc(
  yTrue: MetricColumn,
  scores: MetricColumn,
  options: RocAucOptions = {},
): MetricValue {
  checkSameLength('ROC AUC', yTrue, scores);
  const index = classIndexOf([yTrue], 'ROC AUC labels');
  if (index.size > 2) {
    throw invalidArgument(
      `ROC AUC got ${index.size} classes in y_true; use rocAucOneVsRest with a probability per class.`,
    );
  }
  const n = yTrue.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = finiteAt(scores, i, 'ROC AUC scores');
  if (n === 0) return noMetricValue(NO_ROWS);
  const positiveLabel = options.positiveLabel ?? index.classes[index.size - 1]!;
  const positive = index.positionOf(positiveLabel);
  if (index.size < 2) {
    return noMetricValue(`${ONE_CLASS} (${JSON.stringify(index.classes[0])}).`);
  }
  if (positive < 0) {
    throw invalidArgument(
      `positiveLabel ${JSON.stringify(positiveLabel)} is not one of the labels ${JSON.stringify(index.classes)}.`,
    );
  }
  const codes = index.encode(yTrue, 'y_true');
  const mask = Uint8Array.from(codes, (c) => (c === positive ? 1 : 0));
  return metricValue(rankAuc(n, (row) => values[row]!, mask, new Uint32Array(n)));
}

/** numpy's allclose(1, rowSum), the check scikit-learn applies to multiclass probabilities. */
function sumsToOne(sum: number): boolean {
  return Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum);
}

/**
 * Multiclass ROC AUC, one class against the rest, macro-averaged: scikit-learn's
 * roc_auc_score(multi_class='ovr', average='macro'). `probabilities` is row-major, one column per
 * entry of `classes` (the model's class order); each row must sum to 1. Null with a reason when a
 * class never occurs in y_true or is the only one.
 */
export function rocAucOneVsRest(
  yTrue: MetricColumn,
  probabilities: ArrayLike<number>,
  classes: readonly ClassLabel[],
): MetricValue {
  const index = explicitClassIndex(classes, 'ROC AUC one-vs-rest');
  const n = yTrue.length;
  const k = index.size;
  if (k < 2) throw invalidArgument('ROC AUC one-vs-rest needs at least two classes.');
  if (probabilities.length !== n * k) {
    throw invalidArgument(
      `ROC AUC one-vs-rest: expected ${n} rows × ${k} classes = ${n * k} probabilities (row-major), got ${probabilities.length}.`,
    );
  }
  const codes = index.encode(yTrue, 'y_true');
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += finiteAt(probabilities, i * k + c, 'probabilities');
    if (!sumsToOne(sum)) {
      throw invalidArgument(
        `ROC AUC one-vs-rest needs probabilities that sum to 1 over the classes; row ${i} sums to ${sum}.`,
      );
    }
  }
  if (n === 0) return noMetricValue(NO_ROWS);
  const mask = new Uint8Array(n);
  const order = new Uint32Array(n);
  let total = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) mask[i] = codes[i] === c ? 1 : 0;
    const auc = rankAuc(n, (row) => probabilities[row * k + c]!, mask, order);
    if (Number.isNaN(auc)) {
      const label = JSON.stringify(index.classes[c]);
      return noMetricValue(
        `ROC AUC one-vs-rest is undefined: class ${label} ${mask.includes(1) ? 'is the only class' : 'never occurs'} in y_true.`,
      );
    }
    total += auc;
  }
  return metricValue(total / k);
}
