import { z } from 'zod';
import { STAT_TEST_NAMES } from './tests/stat-test-names.js';
import type { StatTestName } from './tests/stat-test-names.js';
import type { DriftColumnType } from './tests/stat-test.js';

export const DRIFT_COLUMN_TYPES = ['numerical', 'categorical', 'text'] as const;

export interface ColumnDriftOptions {
  stattest?: StatTestName;
  threshold?: number;
}

export interface DriftOptions {
  /** Test for every column without a per-column choice; default: Evidently's selection. */
  stattest?: StatTestName;
  /** Threshold for every column without a per-column one; default: the test's own. */
  threshold?: number;
  perColumn?: Record<string, ColumnDriftOptions>;
  /** Column types that override inference. */
  columnTypes?: Record<string, DriftColumnType>;
  /** Dataset drift when the share of drifted columns is at least this; default 0.5. */
  driftShare?: number;
  /** Only these columns, in this order; default: all columns of both data sets. */
  columns?: string[];
}

export const DEFAULT_DRIFT_SHARE = 0.5;

const statTestSchema = z.enum(STAT_TEST_NAMES, {
  error: `must be one of ${STAT_TEST_NAMES.join(', ')}`,
});
const thresholdSchema = z.number({ error: 'must be a finite number' });

/** Drift options as the REST API accepts them (JSON). */
export const driftOptionsSchema = z
  .object({
    stattest: statTestSchema.optional(),
    threshold: thresholdSchema.optional(),
    perColumn: z
      .record(
        z.string(),
        z
          .object({ stattest: statTestSchema.optional(), threshold: thresholdSchema.optional() })
          .strict(),
      )
      .optional(),
    columnTypes: z.record(z.string(), z.enum(DRIFT_COLUMN_TYPES)).optional(),
    driftShare: z.number().min(0).max(1).optional(),
    columns: z.array(z.string()).optional(),
  })
  .strict();
