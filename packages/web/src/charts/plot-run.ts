import type { PlotValue } from './axis-scale.js';
import type { SeriesStyle } from './series-style.js';

/** A run in a parallel-coordinates or scatter plot: its values by key (`params.lr`, `metrics.acc`). */
export interface PlotRun {
  runId: string;
  name: string;
  style: SeriesStyle;
  values: Readonly<Record<string, PlotValue>>;
}

/** A value for a label or a data attribute; empty when the run has none. */
export function valueText(value: PlotValue): string {
  return value === undefined ? '' : String(value);
}

/** Long keys shortened for an axis label (the full key stays in a tooltip and the description). */
export function shortLabel(label: string, max = 22): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}
