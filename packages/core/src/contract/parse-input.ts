import type { z } from 'zod';
import { SlipwayError } from '../errors.js';
import { checkRequestValue } from '../validation/request-value.js';

export type InputLocation = 'body' | 'query' | 'path';

const WHERE: Record<InputLocation, string> = {
  body: 'request body',
  query: 'query parameter',
  path: 'path parameter',
};

const PART: Record<InputLocation, string> = {
  body: 'The request body',
  query: 'Query parameter',
  path: 'Path parameter',
};

/**
 * Validates one part of a request against its contract schema. Failures become INVALID_ARGUMENT
 * naming the first offending field, with every issue in `details.issues`. Hostile nesting and NUL
 * characters are refused first, whatever the schema (checkRequestValue).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  if (location === 'body' && value === undefined) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: 'This request needs a JSON body (Content-Type: application/json).',
    });
  }
  checkRequestValue(value, PART[location]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const field = first?.path ? ` '${first.path}'` : '';
  throw new SlipwayError({
    code: 'INVALID_ARGUMENT',
    message: `Invalid ${WHERE[location]}${field}: ${first?.message ?? 'invalid value'}.`,
    details: { issues },
  });
}
