import type { CategoryKey } from '../drift/sample.js';

/** Counters kept after each reduction; counts are then off by at most n / 1001. */
export const FREQUENT_ITEMS_K = 1000;

/**
 * Misra-Gries frequent items in the mergeable form of Agarwal et al. (2012): counters are exact
 * until more than 2k keys are held, then the (k+1)-th largest count is subtracted from every
 * counter and non-positive ones dropped. Each estimate is a lower bound, at most
 * `maxUndercount` (≤ n / (k + 1)) below the true count.
 */
export interface FrequentItems {
  k: number;
  counts: Map<CategoryKey, number>;
  maxUndercount: number;
}

export function createFrequentItems(k = FREQUENT_ITEMS_K): FrequentItems {
  return { k, counts: new Map(), maxUndercount: 0 };
}

export function reduceFrequentItems(fi: FrequentItems): void {
  if (fi.counts.size <= fi.k) return;
  const sorted = Float64Array.from(fi.counts.values()).sort();
  const cut = sorted[sorted.length - 1 - fi.k]!;
  for (const [key, count] of fi.counts) {
    if (count <= cut) fi.counts.delete(key);
    else fi.counts.set(key, count - cut);
  }
  fi.maxUndercount += cut;
}

export function addFrequentItem(fi: FrequentItems, key: CategoryKey, weight = 1): void {
  fi.counts.set(key, (fi.counts.get(key) ?? 0) + weight);
  if (fi.counts.size > 2 * fi.k) reduceFrequentItems(fi);
}

/** Summary of the union: counters add, then one reduction keeps it at k counters. */
export function mergeFrequentItems(a: FrequentItems, b: FrequentItems): FrequentItems {
  const out: FrequentItems = {
    k: Math.min(a.k, b.k),
    counts: new Map(a.counts),
    maxUndercount: a.maxUndercount + b.maxUndercount,
  };
  for (const [key, count] of b.counts) out.counts.set(key, (out.counts.get(key) ?? 0) + count);
  reduceFrequentItems(out);
  return out;
}
