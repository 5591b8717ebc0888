import { SlipwayError } from '../errors.js';

/** A category as counted: any non-missing cell value. */
export type CategoryKey = string | number | boolean;

/**
 * One side (reference or current) of one column, missing values already dropped. Numerical
 * samples keep their values sorted once; every test reads the same sorted array, and value
 * counts are derived from it only when a test needs them.
 */
export interface DriftSample {
  readonly kind: 'numerical' | 'categorical';
  /** Number of values after dropping missing ones. */
  readonly size: number;
  /** Values ascending; throws for categorical samples (tests check the kind first). */
  sorted(): Float64Array;
  /** Count of each distinct value. */
  counts(): ReadonlyMap<CategoryKey, number>;
}

/** Run-length counts of an ascending array. */
function countsOfSorted(sorted: Float64Array): Map<CategoryKey, number> {
  const counts = new Map<CategoryKey, number>();
  let i = 0;
  while (i < sorted.length) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    counts.set(v, j - i);
    i = j;
  }
  return counts;
}

export function numericalSample(sorted: Float64Array): DriftSample {
  let counts: Map<CategoryKey, number> | undefined;
  return {
    kind: 'numerical',
    size: sorted.length,
    sorted: () => sorted,
    counts: () => (counts ??= countsOfSorted(sorted)),
  };
}

export function categoricalSample(counts: ReadonlyMap<CategoryKey, number>): DriftSample {
  let size = 0;
  for (const c of counts.values()) size += c;
  return {
    kind: 'categorical',
    size,
    sorted: () => {
      throw new SlipwayError({
        code: 'INTERNAL',
        message: 'A numerical drift test was given a categorical sample.',
      });
    },
    counts: () => counts,
  };
}

/** Number of distinct values over both samples, stopping early once it passes `cap`. */
export function distinctCountUpTo(a: DriftSample, b: DriftSample, cap: number): number {
  if (a.kind === 'numerical' && b.kind === 'numerical') {
    const x = a.sorted();
    const y = b.sorted();
    let i = 0;
    let j = 0;
    let count = 0;
    while ((i < x.length || j < y.length) && count <= cap) {
      const v = j >= y.length || (i < x.length && x[i]! <= y[j]!) ? x[i]! : y[j]!;
      while (i < x.length && x[i] === v) i++;
      while (j < y.length && y[j] === v) j++;
      count++;
    }
    return count;
  }
  const keys = new Set<CategoryKey>(a.counts().keys());
  for (const k of b.counts().keys()) keys.add(k);
  return keys.size;
}

/** The union of both samples' categories with aligned counts (reference's order first). */
export function alignedCounts(
  a: DriftSample,
  b: DriftSample,
): { keys: CategoryKey[]; ref: Float64Array; cur: Float64Array } {
  const ra = a.counts();
  const rb = b.counts();
  const keys = [...ra.keys()];
  for (const k of rb.keys()) if (!ra.has(k)) keys.push(k);
  const ref = new Float64Array(keys.length);
  const cur = new Float64Array(keys.length);
  keys.forEach((k, i) => {
    ref[i] = ra.get(k) ?? 0;
    cur[i] = rb.get(k) ?? 0;
  });
  return { keys, ref, cur };
}
