import type { CategoryKey } from '../drift/sample.js';
import type { DriftColumnType } from '../drift/tests/stat-test.js';
import type { KllState } from './kll-sketch.js';

/** Version of the stored profile layout; readers refuse other versions. */
export const DATA_PROFILE_FORMAT = 'slipway.data-profile/1';

/** What a column's values look like, as drift's type inference sees them. */
export type ColumnShape = 'empty' | 'integer' | 'float' | 'string' | 'boolean' | 'mixed';

/** Limits that decide when exact parts give way to sketches. */
export interface ProfileLimits {
  /** Numerical columns keep exact value counts up to this many distinct values. */
  maxNumericValueCounts: number;
  /** Categorical columns keep exact counts up to this many distinct values. */
  maxCategoryCounts: number;
  /** Columns with at most this many values keep the values themselves (drift is then exact). */
  maxExactValues: number;
  kllK: number;
  frequentItemsK: number;
  hllPrecision: number;
  /** Seed of the KLL compaction coin: the same data and seed give the same profile. */
  seed: number;
}

export interface NumericalSummary {
  kind: 'numerical';
  /** Over finite values: n, mean, sum of squared deviations (Chan et al. mergeable), range. */
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  kll: KllState;
  /** [value, count] ascending; absent once the column has more distinct values than the limit. */
  valueCounts?: [number, number][];
  /** Finite values ascending; absent once the column has more values than the limit. */
  values?: number[];
}

export interface CategoricalSummary {
  kind: 'categorical';
  /** Exact [value, count] pairs; absent once the column has more categories than the limit. */
  counts?: [CategoryKey, number][];
  /** Misra-Gries lower-bound counts, present when exact counts were dropped. */
  frequentItems?: { k: number; items: [CategoryKey, number][]; maxUndercount: number };
  /** HyperLogLog registers (base64), kept always so merged profiles can still count. */
  hll: { precision: number; registers: string };
}

export interface ColumnProfile {
  name: string;
  /** `inferColumnType` on this column alone; drift re-infers from both sides' shapes. */
  type: DriftColumnType | null;
  shape: ColumnShape;
  /** Rows, including missing ones. */
  count: number;
  /** null, undefined or NaN. */
  missing: number;
  /** ±Infinity; dropped by drift like missing values. */
  infinite: number;
  /** Distinct non-missing values (finite ones for numerical columns). */
  distinct: number;
  /** False when `distinct` is a HyperLogLog estimate or a lower bound (> limit). */
  distinctExact: boolean;
  /** null when the column holds no value. */
  summary: NumericalSummary | CategoricalSummary | null;
}

/** A data set summarised once: plain JSON, mergeable, enough for drift without the rows. */
export interface DataProfile {
  format: typeof DATA_PROFILE_FORMAT;
  rowCount: number;
  limits: ProfileLimits;
  columns: ColumnProfile[];
}
