import { fillEmptyShares, histogramCounts, sturgesEdges } from './binning.js';
import { alignedCounts, distinctCountUpTo } from './sample.js';
import type { DriftSample } from './sample.js';

/** Above this many distinct reference values a numerical column is binned (Evidently's rule). */
export const MAX_VALUES_AS_BINS = 20;

export interface BinnedShares {
  ref: Float64Array;
  cur: Float64Array;
  /** How the values were binned, for reports and tests. */
  bins: number;
  equalWidth: boolean;
}

function distinctSelf(sample: DriftSample, cap: number): number {
  if (sample.kind !== 'numerical') return sample.counts().size;
  return distinctCountUpTo(sample, sample, cap);
}

/**
 * Shares of reference and current per bin, as Evidently's `get_binned_data`: numerical columns
 * with more than 20 distinct reference values get equal-width Sturges bins over reference and
 * current together; everything else gets one bin per distinct value. With `fillEmpty`, empty
 * bins are replaced as Evidently does before PSI and KL.
 */
export function binnedShares(ref: DriftSample, cur: DriftSample, fillEmpty: boolean): BinnedShares {
  let r: Float64Array;
  let c: Float64Array;
  let equalWidth = false;
  if (ref.kind === 'numerical' && distinctSelf(ref, MAX_VALUES_AS_BINS) > MAX_VALUES_AS_BINS) {
    const a = ref.sorted();
    const b = cur.sorted();
    const min = Math.min(a[0]!, b[0]!);
    const max = Math.max(a[a.length - 1]!, b[b.length - 1]!);
    const edges = sturgesEdges(min, max, a.length + b.length);
    r = histogramCounts(a, edges);
    c = histogramCounts(b, edges);
    equalWidth = true;
  } else {
    const aligned = alignedCounts(ref, cur);
    r = aligned.ref;
    c = aligned.cur;
  }
  for (let i = 0; i < r.length; i++) {
    r[i] = r[i]! / ref.size;
    c[i] = c[i]! / cur.size;
  }
  if (fillEmpty) {
    r = fillEmptyShares(r);
    c = fillEmptyShares(c);
  }
  return { ref: r, cur: c, bins: r.length, equalWidth };
}
