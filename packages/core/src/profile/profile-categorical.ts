import type { Column } from '../data/table.js';
import type { CategoryKey } from '../drift/sample.js';
import { categoryKeyText } from './category-key.js';
import type { CategoricalSummary, ProfileLimits } from './data-profile.js';
import { addFrequentItem, createFrequentItems } from './frequent-items.js';
import type { FrequentItems } from './frequent-items.js';
import { createHyperLogLog, encodeRegisters, hllAdd, hllEstimate } from './hyperloglog.js';
import type { HyperLogLog } from './hyperloglog.js';
import { hash64 } from './string-hash.js';

export interface CategoricalProfile {
  missing: number;
  infinite: number;
  distinct: number;
  distinctExact: boolean;
  summary: CategoricalSummary | null;
}

function addToHll(hll: HyperLogLog, key: CategoryKey): void {
  const [hi, lo] = hash64(categoryKeyText(key));
  hllAdd(hll, hi, lo);
}

/**
 * Exact counts while the column has at most `maxCategoryCounts` categories; past that, the
 * counts seed a Misra-Gries summary and every further value also feeds the HyperLogLog. While
 * counts are exact the HyperLogLog is built from the distinct keys only, once each.
 */
export function profileCategorical(column: Column, limits: ProfileLimits): CategoricalProfile {
  const hll = createHyperLogLog(limits.hllPrecision);
  let counts: Map<CategoryKey, number> | undefined = new Map();
  let frequent: FrequentItems | undefined;
  let missing = 0;
  let infinite = 0;
  let present = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
      missing++;
      continue;
    }
    if (v === Infinity || v === -Infinity) {
      infinite++;
      continue;
    }
    present++;
    if (counts !== undefined) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (counts.size > limits.maxCategoryCounts) {
        frequent = createFrequentItems(limits.frequentItemsK);
        for (const [key, count] of counts) {
          addToHll(hll, key);
          addFrequentItem(frequent, key, count);
        }
        counts = undefined;
      }
    } else {
      addToHll(hll, v);
      addFrequentItem(frequent!, v);
    }
  }
  if (present === 0) return { missing, infinite, distinct: 0, distinctExact: true, summary: null };
  if (counts !== undefined) for (const key of counts.keys()) addToHll(hll, key);
  const summary: CategoricalSummary = {
    kind: 'categorical',
    hll: { precision: hll.precision, registers: encodeRegisters(hll.registers) },
  };
  if (counts !== undefined) summary.counts = [...counts];
  else {
    summary.frequentItems = {
      k: frequent!.k,
      items: [...frequent!.counts].sort((a, b) => b[1] - a[1]),
      maxUndercount: frequent!.maxUndercount,
    };
  }
  return {
    missing,
    infinite,
    distinct: counts?.size ?? Math.round(hllEstimate(hll)),
    distinctExact: counts !== undefined,
    summary,
  };
}
