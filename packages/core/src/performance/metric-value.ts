/**
 * A metric's value, or why it has none. Like scikit-learn with zero_division="warn", an
 * ill-defined ratio counts as 0 and says so in `warning`; a metric that cannot be computed at all
 * (no rows, a single class for ROC AUC) is null with a `reason` rather than NaN or an exception.
 */
export type MetricValue =
  | { readonly value: number; readonly warning?: string }
  | { readonly value: null; readonly reason: string };

export function metricValue(value: number, warning?: string): MetricValue {
  return warning === undefined ? { value } : { value, warning };
}

export function noMetricValue(reason: string): MetricValue {
  return { value: null, reason };
}

export const NO_ROWS = 'no rows to compute it on';
