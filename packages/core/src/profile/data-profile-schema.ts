import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { DATA_PROFILE_FORMAT } from './data-profile.js';
import type { DataProfile } from './data-profile.js';

const count = z.number().int().nonnegative();
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const category = z.union([z.string(), finite, z.boolean()]);

const kllSchema = z
  .object({ k: count, n: count, rng: count, levels: z.array(z.array(finite)) })
  .strict();

const numericalSchema = z
  .object({
    kind: z.literal('numerical'),
    n: count,
    mean: finite,
    m2: finite,
    min: finite,
    max: finite,
    kll: kllSchema,
    valueCounts: z.array(z.tuple([finite, count])).optional(),
    values: z.array(finite).optional(),
  })
  .strict();

const categoricalSchema = z
  .object({
    kind: z.literal('categorical'),
    counts: z.array(z.tuple([category, count])).optional(),
    frequentItems: z
      .object({ k: count, items: z.array(z.tuple([category, count])), maxUndercount: count })
      .strict()
      .optional(),
    hll: z.object({ precision: z.number().int().min(4).max(18), registers: z.string() }).strict(),
  })
  .strict();

const columnSchema = z
  .object({
    name: z.string(),
    type: z.enum(['numerical', 'categorical', 'text']).nullable(),
    shape: z.enum(['empty', 'integer', 'float', 'string', 'boolean', 'mixed']),
    count: count,
    missing: count,
    infinite: count,
    distinct: count,
    distinctExact: z.boolean(),
    summary: z.discriminatedUnion('kind', [numericalSchema, categoricalSchema]).nullable(),
  })
  .strict();

/** A stored profile as `profileTable` writes it; `parseDataProfile` reports what is wrong. */
export const dataProfileSchema = z
  .object({
    format: z.literal(DATA_PROFILE_FORMAT, {
      error: `must be '${DATA_PROFILE_FORMAT}' (profile the data again with this version)`,
    }),
    rowCount: count,
    limits: z
      .object({
        maxNumericValueCounts: count,
        maxCategoryCounts: count,
        maxExactValues: count,
        kllK: count,
        frequentItemsK: count,
        hllPrecision: count,
        seed: count,
      })
      .strict(),
    columns: z.array(columnSchema),
  })
  .strict();

/** Validates a parsed profile file; throws INVALID_ARGUMENT listing each problem by path. */
export function parseDataProfile(value: unknown): DataProfile {
  const result = dataProfileSchema.safeParse(value);
  if (result.success) return result.data as DataProfile;
  const problems = result.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw invalidArgument(`Not a valid data profile: ${problems.join('; ')}.`, { problems });
}
