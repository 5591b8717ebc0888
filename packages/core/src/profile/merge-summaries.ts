import type { CategoryKey } from '../drift/sample.js';
import { invalidArgument } from '../errors.js';
import { categoryKeyText } from './category-key.js';
import type { CategoricalSummary, NumericalSummary, ProfileLimits } from './data-profile.js';
import { addFrequentItem, createFrequentItems, mergeFrequentItems } from './frequent-items.js';
import type { FrequentItems } from './frequent-items.js';
import { decodeRegisters, encodeRegisters, hllAdd, hllMerge } from './hyperloglog.js';
import { KllSketch } from './kll-sketch.js';
import { mergeMoments } from './running-moments.js';
import { hash64 } from './string-hash.js';

function mergeCounts<K>(a: [K, number][], b: [K, number][]): Map<K, number> {
  const out = new Map(a);
  for (const [key, count] of b) out.set(key, (out.get(key) ?? 0) + count);
  return out;
}

function mergeSorted(a: number[], b: number[]): number[] {
  return Float64Array.from([...a, ...b])
    .sort()
    .reduce<number[]>((out, v) => (out.push(v), out), []);
}

export function mergeNumerical(
  a: NumericalSummary,
  b: NumericalSummary,
  limits: ProfileLimits,
): NumericalSummary {
  const kll = KllSketch.fromState(a.kll);
  kll.merge(KllSketch.fromState(b.kll));
  const out: NumericalSummary = {
    kind: 'numerical',
    ...mergeMoments(a, b),
    kll: kll.toState(),
  };
  if (a.valueCounts && b.valueCounts) {
    const counts = mergeCounts(a.valueCounts, b.valueCounts);
    if (counts.size <= limits.maxNumericValueCounts) {
      out.valueCounts = [...counts].sort((x, y) => x[0] - y[0]);
    }
  }
  if (a.values && b.values && a.values.length + b.values.length <= limits.maxExactValues) {
    out.values = mergeSorted(a.values, b.values);
  }
  return out;
}

function toFrequentItems(s: CategoricalSummary, k: number): FrequentItems {
  if (s.frequentItems) {
    const f = s.frequentItems;
    return { k: f.k, counts: new Map(f.items), maxUndercount: f.maxUndercount };
  }
  const fi = createFrequentItems(k);
  for (const [key, count] of s.counts ?? []) addFrequentItem(fi, key, count);
  return fi;
}

export function mergeCategorical(
  a: CategoricalSummary,
  b: CategoricalSummary,
  limits: ProfileLimits,
): CategoricalSummary {
  const hll = hllMerge(
    { precision: a.hll.precision, registers: decodeRegisters(a.hll.registers) },
    { precision: b.hll.precision, registers: decodeRegisters(b.hll.registers) },
  );
  const out: CategoricalSummary = {
    kind: 'categorical',
    hll: { precision: hll.precision, registers: encodeRegisters(hll.registers) },
  };
  if (a.counts && b.counts) {
    const counts = mergeCounts<CategoryKey>(a.counts, b.counts);
    if (counts.size <= limits.maxCategoryCounts) {
      out.counts = [...counts];
      return out;
    }
  }
  const fi = mergeFrequentItems(
    toFrequentItems(a, limits.frequentItemsK),
    toFrequentItems(b, limits.frequentItemsK),
  );
  out.frequentItems = {
    k: fi.k,
    items: [...fi.counts].sort((x, y) => y[1] - x[1]),
    maxUndercount: fi.maxUndercount,
  };
  return out;
}

/** A numerical summary read as categories, possible only while its value counts are exact. */
export function numericalAsCategorical(
  s: NumericalSummary,
  hllPrecision: number,
  column: string,
): CategoricalSummary {
  if (!s.valueCounts) {
    throw invalidArgument(
      `Column '${column}' holds numbers on one side and other values on the other, and its ` +
        'numbers have too many distinct values to be kept as categories; profile the column ' +
        'with a consistent type.',
      { column },
    );
  }
  const registers = new Uint8Array(1 << hllPrecision);
  const hll = { precision: hllPrecision, registers };
  for (const [key] of s.valueCounts) {
    const [hi, lo] = hash64(categoryKeyText(key));
    hllAdd(hll, hi, lo);
  }
  return {
    kind: 'categorical',
    counts: s.valueCounts,
    hll: { precision: hllPrecision, registers: encodeRegisters(registers) },
  };
}
