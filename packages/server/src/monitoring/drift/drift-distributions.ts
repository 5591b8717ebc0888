import { categoricalDistribution, numericalDistribution } from '@slipway/core';
import type { Column, ColumnDistribution, DriftInput, DriftReport } from '@slipway/core';

function columnOf(input: DriftInput, name: string): Column | undefined {
  if ('columns' in input && input.columns instanceof Map) return input.columns.get(name);
  return (input as Readonly<Record<string, Column>>)[name];
}

function asNumbers(column: Column): Float64Array {
  if (column instanceof Float64Array) return column;
  return Float64Array.from(column, (x) => (typeof x === 'number' ? x : NaN));
}

/**
 * Each tested column's reference and current distributions, drawn the way its test saw the
 * column (bins for numerical columns, categories otherwise), for the report and the UI.
 */
export function driftDistributions(
  report: DriftReport,
  reference: DriftInput,
  current: DriftInput,
): Map<string, ColumnDistribution> {
  const out = new Map<string, ColumnDistribution>();
  for (const c of report.columns) {
    const ref = columnOf(reference, c.column);
    const cur = columnOf(current, c.column);
    if (ref === undefined || cur === undefined || c.type === null || c.type === 'text') continue;
    out.set(
      c.column,
      c.type === 'numerical'
        ? numericalDistribution(asNumbers(ref), asNumbers(cur))
        : categoricalDistribution(ref, cur),
    );
  }
  return out;
}
