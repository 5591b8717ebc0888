import type { CellValue } from '../data/table.js';

/** Reference and current shares over the same bins or categories, for drawing side by side. */
export interface ColumnDistribution {
  kind: 'numerical' | 'categorical';
  /** A label per bin ("[0.5, 1.2)") or category. */
  labels: string[];
  /** Numerical only: the bin edges (labels.length + 1 of them). */
  edges?: number[];
  /** Share of the reference's values in each bin (sums to 1 when the side has values). */
  reference: number[];
  current: number[];
}

const DEFAULT_BINS = 30;
const DEFAULT_TOP = 20;
export const OTHER_CATEGORY = '(other)';

/** Smallest and largest finite value over all sides; undefined when none has one. */
export function finiteRange(...sides: readonly Float64Array[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of sides) {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  // NaN never wins a comparison; ±Infinity would: they are dropped below, so recompute if seen.
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (const xs of sides) {
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!;
        if (Number.isFinite(x)) {
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

const label = (x: number) => Number(x.toPrecision(4)).toString();

/** Equal-width bins over [lo, hi], last bin closed, as numpy.histogram draws them. */
export interface EqualWidthBins {
  edges: number[];
  labels: string[];
  /** The bin of a finite value (values outside [lo, hi] go to the first or last bin). */
  binOf(x: number): number;
}

export function equalWidthBins(lo: number, hi: number, bins = DEFAULT_BINS): EqualWidthBins {
  const n = lo === hi ? 1 : bins;
  const width = lo === hi ? 1 : (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + i * width));
  return {
    edges,
    labels: edges
      .slice(0, n)
      .map((e, i) => `[${label(e)}, ${label(edges[i + 1]!)}${i === n - 1 ? ']' : ')'}`),
    binOf: (x) => Math.max(0, Math.min(n - 1, Math.floor((x - lo) / width))),
  };
}

/**
 * Shares of weighted values per bin (weight 1 each when `weights` is absent); NaN and
 * ±Infinity are left out, as the drift tests leave them out.
 */
export function binShares(
  bins: EqualWidthBins,
  values: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number[] {
  const counts = new Float64Array(bins.labels.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    const w = weights === undefined ? 1 : weights[i]!;
    counts[bins.binOf(x)]! += w;
    total += w;
  }
  return Array.from(counts, (c) => (total === 0 ? 0 : c / total));
}

/**
 * Equal-width bins over the finite values of both sides (NaN and ±Infinity left out, as the
 * drift tests leave them out), last bin closed, as numpy.histogram.
 */
export function numericalDistribution(
  reference: Float64Array,
  current: Float64Array,
  bins = DEFAULT_BINS,
): ColumnDistribution {
  const range = finiteRange(reference, current);
  if (range === undefined)
    return { kind: 'numerical', labels: [], edges: [], reference: [], current: [] };
  const b = equalWidthBins(range[0], range[1], bins);
  return {
    kind: 'numerical',
    labels: b.labels,
    edges: b.edges,
    reference: binShares(b, reference),
    current: binShares(b, current),
  };
}

/** One side's categories counted (keys as text); missing values are left out. */
export interface CategoryTally {
  counts: Map<string, number>;
  /** All values counted, `unnamed` included. */
  total: number;
  /**
   * Values known to exist but not by category (a sketch's remainder): they can only be shown
   * in the "(other)" bucket.
   */
  unnamed?: number;
}

export function tallyCategories(xs: ArrayLike<CellValue>): CategoryTally {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x))) continue;
    const key = String(x);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total += 1;
  }
  return { counts, total };
}

/**
 * The `top` most common categories of both sides together (by combined share), the rest (and
 * any unnamed remainder) as "(other)".
 */
export function categoricalFromTallies(
  ref: CategoryTally,
  cur: CategoryTally,
  top = DEFAULT_TOP,
): ColumnDistribution {
  const share = (t: CategoryTally, k: string) =>
    t.total === 0 ? 0 : (t.counts.get(k) ?? 0) / t.total;
  const keys = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort(
    (a, b) => share(ref, b) + share(cur, b) - (share(ref, a) + share(cur, a)) || a.localeCompare(b),
  );
  const shown = keys.slice(0, top);
  const rest = keys.slice(top);
  const withOther = rest.length > 0 || (ref.unnamed ?? 0) > 0 || (cur.unnamed ?? 0) > 0;
  const sideShares = (t: CategoryTally) => {
    const out = shown.map((k) => share(t, k));
    if (withOther) {
      const unnamed = t.total === 0 ? 0 : (t.unnamed ?? 0) / t.total;
      out.push(rest.reduce((s, k) => s + share(t, k), unnamed));
    }
    return out;
  };
  return {
    kind: 'categorical',
    labels: withOther ? [...shown, OTHER_CATEGORY] : shown,
    reference: sideShares(ref),
    current: sideShares(cur),
  };
}

/**
 * The `top` most common categories of both sides together (by combined share), the rest as
 * "(other)"; missing values are left out.
 */
export function categoricalDistribution(
  reference: ArrayLike<CellValue>,
  current: ArrayLike<CellValue>,
  top = DEFAULT_TOP,
): ColumnDistribution {
  return categoricalFromTallies(tallyCategories(reference), tallyCategories(current), top);
}
