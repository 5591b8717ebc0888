import type { Column, ColumnarTable } from '../data/table.js';
import {
  binShares,
  categoricalFromTallies,
  equalWidthBins,
  finiteRange,
  tallyCategories,
} from '../distribution/column-distribution.js';
import type { CategoryTally, ColumnDistribution } from '../distribution/column-distribution.js';
import type { DriftReport } from '../drift/compute-drift.js';
import type { ColumnProfile, DataProfile, NumericalSummary } from './data-profile.js';
import { KllSketch } from './kll-sketch.js';

/**
 * A numerical reference as weighted values: the exact histogram when the profile kept one
 * (value counts or the values), else the KLL sketch's retained values with their weights.
 * Binning the sketch's values is its CDF evaluated at the bin edges, so each bin's share is off
 * by at most twice the sketch's rank error (docs/profile-accuracy.md).
 */
function weightedValues(s: NumericalSummary): {
  values: ArrayLike<number>;
  weights?: ArrayLike<number>;
} {
  if (s.valueCounts !== undefined) {
    return { values: s.valueCounts.map((e) => e[0]), weights: s.valueCounts.map((e) => e[1]) };
  }
  if (s.values !== undefined) return { values: s.values };
  return KllSketch.fromState(s.kll).weightedValues();
}

/** Numbers of a current column as the drift tests read them (booleans as 0/1, text missing). */
function numbersOf(column: Column): Float64Array {
  if (column instanceof Float64Array) return column;
  return Float64Array.from(column, (x) =>
    typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : Number.NaN,
  );
}

/**
 * A profile's categories: exact counts when kept (a numerical column's value counts read as
 * categories), else its frequent items with the rest of the values as one unnamed remainder.
 */
function categoryTally(p: ColumnProfile): CategoryTally | undefined {
  const s = p.summary;
  if (s === null) return undefined;
  const entries = s.kind === 'numerical' ? s.valueCounts : (s.counts ?? s.frequentItems?.items);
  if (entries === undefined) return undefined;
  const counts = new Map<string, number>();
  let named = 0;
  for (const [key, count] of entries) {
    const text = String(key);
    counts.set(text, (counts.get(text) ?? 0) + count);
    named += count;
  }
  const present = p.count - p.missing - p.infinite;
  const unnamed = s.kind === 'categorical' && s.counts === undefined ? present - named : 0;
  return { counts, total: named + Math.max(0, unnamed), unnamed: Math.max(0, unnamed) };
}

/**
 * One column's reference (from its profile) and current (from the rows) shares over the same
 * bins as `numericalDistribution` / `categoricalDistribution` would draw from both sides' rows:
 * numerical bins span the profile's exact min and max and the current values. Undefined when
 * the profile cannot be read as `type` (drift skips such a column too).
 */
export function profileColumnDistribution(
  profile: ColumnProfile,
  type: 'numerical' | 'categorical',
  current: Column,
): ColumnDistribution | undefined {
  const s = profile.summary;
  if (s === null) return undefined;
  if (type === 'categorical') {
    const ref = categoryTally(profile);
    return ref === undefined ? undefined : categoricalFromTallies(ref, tallyCategories(current));
  }
  if (s.kind !== 'numerical') return undefined;
  const cur = numbersOf(current);
  const range = finiteRange(Float64Array.of(s.min, s.max), cur);
  if (range === undefined) return undefined;
  const bins = equalWidthBins(range[0], range[1]);
  const ref = weightedValues(s);
  return {
    kind: 'numerical',
    labels: bins.labels,
    edges: bins.edges,
    reference: binShares(bins, ref.values, ref.weights),
    current: binShares(bins, cur),
  };
}

/**
 * Each tested column's distributions for a drift report computed by `driftFromProfiles` with
 * a profile reference and the current rows (skipped and text columns have none).
 */
export function profileDriftDistributions(
  report: DriftReport,
  reference: DataProfile,
  current: ColumnarTable,
): Map<string, ColumnDistribution> {
  const profiles = new Map(reference.columns.map((c) => [c.name, c]));
  const out = new Map<string, ColumnDistribution>();
  for (const c of report.columns) {
    if (c.skipped !== undefined || (c.type !== 'numerical' && c.type !== 'categorical')) continue;
    const profile = profiles.get(c.column);
    const column = current.columns.get(c.column);
    if (profile === undefined || column === undefined) continue;
    const distribution = profileColumnDistribution(profile, c.type, column);
    if (distribution !== undefined) out.set(c.column, distribution);
  }
  return out;
}
