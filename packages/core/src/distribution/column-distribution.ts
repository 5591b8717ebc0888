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

function finiteRange(a: Float64Array, b: Float64Array): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [a, b]) {
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
    for (const xs of [a, b]) {
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

function shares(counts: Float64Array, total: number): number[] {
  return Array.from(counts, (c) => (total === 0 ? 0 : c / total));
}

const label = (x: number) => Number(x.toPrecision(4)).toString();

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
  const [lo, hi] = range;
  const n = lo === hi ? 1 : bins;
  const width = lo === hi ? 1 : (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + i * width));
  const count = (xs: Float64Array): [Float64Array, number] => {
    const out = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (!Number.isFinite(x)) continue;
      out[Math.min(n - 1, Math.floor((x - lo) / width))]! += 1;
      total += 1;
    }
    return [out, total];
  };
  const [ref, refTotal] = count(reference);
  const [cur, curTotal] = count(current);
  return {
    kind: 'numerical',
    labels: edges
      .slice(0, n)
      .map((e, i) => `[${label(e)}, ${label(edges[i + 1]!)}${i === n - 1 ? ']' : ')'}`),
    edges,
    reference: shares(ref, refTotal),
    current: shares(cur, curTotal),
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
  const tally = (xs: ArrayLike<CellValue>): [Map<string, number>, number] => {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x))) continue;
      const key = String(x);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total += 1;
    }
    return [counts, total];
  };
  const [ref, refTotal] = tally(reference);
  const [cur, curTotal] = tally(current);
  const share = (m: Map<string, number>, t: number, k: string) =>
    t === 0 ? 0 : (m.get(k) ?? 0) / t;
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort(
    (a, b) =>
      share(ref, refTotal, b) +
        share(cur, curTotal, b) -
        (share(ref, refTotal, a) + share(cur, curTotal, a)) || a.localeCompare(b),
  );
  const shown = keys.slice(0, top);
  const rest = keys.slice(top);
  const sideShares = (m: Map<string, number>, t: number) => {
    const out = shown.map((k) => share(m, t, k));
    if (rest.length > 0) out.push(rest.reduce((s, k) => s + share(m, t, k), 0));
    return out;
  };
  return {
    kind: 'categorical',
    labels: rest.length > 0 ? [...shown, OTHER_CATEGORY] : shown,
    reference: sideShares(ref, refTotal),
    current: sideShares(cur, curTotal),
  };
}
