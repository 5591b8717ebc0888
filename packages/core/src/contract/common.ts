import { z } from 'zod';
import { contractRegistry } from './registry.js';

/** Key/value tag on experiments, runs, registered models and versions. */
export const tagSchema = z
  .object({ key: z.string(), value: z.string() })
  .register(contractRegistry, { id: 'Tag', description: 'A key/value tag.' });

export const lifecycleStageSchema = z.enum(['active', 'deleted']);

export const viewTypeSchema = z
  .enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'])
  .describe('Which lifecycle stages a search returns.');

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

/**
 * A float that may be NaN or ±Infinity. JSON has no such numbers, so they travel as the strings
 * "NaN", "Infinity" and "-Infinity" (MLflow's convention); parsing turns them back into numbers.
 */
export const wireNumberSchema = z
  .union([z.number(), z.enum(NON_FINITE)])
  .transform((value) => (typeof value === 'number' ? value : Number(value)))
  .describe('A number; NaN and ±Infinity are sent as the strings "NaN", "Infinity", "-Infinity".');

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z.number().int().describe('Milliseconds since the Unix epoch.');

/**
 * Query strings repeat a key for lists (`?orderBy=a&orderBy=b`); one occurrence arrives as a plain
 * string, so both shapes are accepted and normalised to an array.
 */
export const stringListQuerySchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** Query-string integers arrive as text. */
export const maxResultsQuerySchema = z.coerce
  .number()
  .int()
  .positive()
  .describe('Largest number of results to return in one page.');

export const pageTokenSchema = z
  .string()
  .min(1)
  .describe('Opaque token: the nextPageToken of the previous page.');

/** The paging fields every paged GET takes in its query string. */
export const pageQueryShape = {
  maxResults: maxResultsQuerySchema.optional(),
  pageToken: pageTokenSchema.optional(),
};

/** Path parameter holding a tag key; keys may contain '/', sent percent-encoded. */
export const tagKeyParamSchema = z.string().min(1).describe('Tag key, percent-encoded.');

export const setTagBodySchema = z
  .object({ value: z.string() })
  .register(contractRegistry, { id: 'SetTagRequest', description: 'The value of a tag to set.' });
