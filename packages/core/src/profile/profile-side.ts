import type { Column } from '../data/table.js';
import { toDriftSample } from '../drift/column-sample.js';
import { categoricalSample } from '../drift/sample.js';
import type { CategoryKey, DriftSample } from '../drift/sample.js';
import { moments } from '../drift/stats/moments.js';
import type { TestedColumnType } from '../drift/tests/stat-test.js';
import type { ColumnProfile } from './data-profile.js';
import type { RunningMoments } from './running-moments.js';
import { cdfFromKll, cdfFromSorted, cdfFromWeighted } from './weighted-cdf.js';
import type { WeightedCdf } from './weighted-cdf.js';

/**
 * The key that stands for all categories a frequent-items summary no longer names. Both sides'
 * remainders meet in this one category, which is where categorical drift becomes approximate.
 */
export const OTHER_CATEGORIES = '\u0000(other categories)';

/** One side of one column as drift from profiles reads it. */
export type ProfileSide =
  | {
      kind: 'numerical';
      n: number;
      moments: RunningMoments;
      /** The values themselves when known exactly (kept values, counts or the table). */
      exact: DriftSample | undefined;
      /** Exact value counts, when few. */
      counts: ReadonlyMap<number, number> | undefined;
      cdf(): WeightedCdf;
    }
  | { kind: 'categorical'; n: number; exact: boolean; sample: DriftSample };

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** A numerical sample known by value counts: counts are free, sorted values built on demand. */
function countsSample(counts: ReadonlyMap<number, number>, n: number): DriftSample {
  const sorted = lazy(() => {
    const out = new Float64Array(n);
    let k = 0;
    for (const [v, c] of counts) out.fill(v, k, (k += c));
    return out;
  });
  return { kind: 'numerical', size: n, sorted, counts: () => counts };
}

export function sideFromProfile(p: ColumnProfile, type: TestedColumnType): ProfileSide | string {
  const s = p.summary;
  if (s === null) return 'empty';
  if (type === 'numerical') {
    if (s.kind !== 'numerical') {
      return `the profile of column '${p.name}' holds categories, not numbers; profile it again or set its column type to categorical`;
    }
    const counts = s.valueCounts ? new Map(s.valueCounts) : undefined;
    const values = s.values ? Float64Array.from(s.values) : undefined;
    const exact = counts ? countsSample(counts, s.n) : values ? wrapSorted(values) : undefined;
    const cdf = lazy(() =>
      s.valueCounts
        ? cdfFromWeighted(
            s.valueCounts.map((e) => e[0]),
            s.valueCounts.map((e) => e[1]),
          )
        : values
          ? cdfFromSorted(values)
          : cdfFromKll(s.kll),
    );
    return { kind: 'numerical', n: s.n, moments: s, exact, counts, cdf };
  }
  let entries: [CategoryKey, number][];
  let exact = true;
  if (s.kind === 'numerical') {
    if (!s.valueCounts) {
      return `the profile of column '${p.name}' has too many distinct numbers to read as categories`;
    }
    entries = s.valueCounts;
  } else if (s.counts) entries = s.counts;
  else {
    exact = false;
    const items = s.frequentItems?.items ?? [];
    const named = items.reduce((a, e) => a + e[1], 0);
    const n = p.count - p.missing - p.infinite;
    entries = [...items, [OTHER_CATEGORIES, n - named]];
  }
  const sample = categoricalSample(new Map(entries));
  return { kind: 'categorical', n: sample.size, exact, sample };
}

function wrapSorted(sorted: Float64Array): DriftSample {
  const counts = lazy(() => {
    const out = new Map<CategoryKey, number>();
    for (const v of sorted) out.set(v, (out.get(v) ?? 0) + 1);
    return out;
  });
  return { kind: 'numerical', size: sorted.length, sorted: () => sorted, counts };
}

/** A side straight from a table's column: always exact. */
export function sideFromColumn(column: Column, type: TestedColumnType, name: string): ProfileSide {
  const sample = toDriftSample(column, type, name);
  if (type === 'categorical') return { kind: 'categorical', n: sample.size, exact: true, sample };
  const sorted = sample.sorted();
  const m = moments(sorted);
  const stats: RunningMoments = {
    n: m.n,
    mean: m.mean,
    m2: m.ss,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
  const cdf = lazy(() => cdfFromSorted(sorted));
  return {
    kind: 'numerical',
    n: sample.size,
    moments: stats,
    exact: sample,
    counts: undefined,
    cdf,
  };
}
