import { classIndexOf } from './class-labels.js';
import { checkSameLength } from './metric-inputs.js';
import type { MetricColumn } from './metric-inputs.js';
import { NO_ROWS, metricValue, noMetricValue } from './metric-value.js';
import type { MetricValue } from './metric-value.js';

/** Share of rows whose predicted label equals the true one (scikit-learn's accuracy_score). */
export function accuracy(yTrue: MetricColumn, yPred: MetricColumn): MetricValue {
  checkSameLength('accuracy', yTrue, yPred);
  // Builds the class index only to validate the labels (missing values, mixed kinds).
  classIndexOf([yTrue, yPred], 'accuracy labels');
  if (yTrue.length === 0) return noMetricValue(NO_ROWS);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits += 1;
  return metricValue(hits / yTrue.length);
}
