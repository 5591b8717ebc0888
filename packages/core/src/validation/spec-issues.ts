import type { z } from 'zod';
import { SlipwayError } from '../errors.js';

export interface SpecIssue {
  /** Dotted path with list indexes in brackets, e.g. `policy.variants[1].weight`. */
  path: string;
  message: string;
}

const MAX_ISSUES_IN_MESSAGE = 5;

/** A zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text.length === 0 ? String(part) : `.${String(part)}`;
  }
  return text;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

// zod's own wording ("Invalid input: expected string, received undefined") reads poorly in a CLI,
// so the few generic issue kinds are reworded; the schema words every specific rule itself.
function toSpecIssues(issue: z.core.$ZodIssue, unionChoices: readonly string[]): SpecIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'unknown field',
    }));
  }
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const types = unionChoices.join(', ');
    const key = issue.discriminator;
    const given = issue.input === undefined ? undefined : (issue.input as Record<string, unknown>);
    return [
      {
        path,
        message:
          given?.[key] === undefined
            ? `is required: one of ${types}`
            : `must be one of ${types} (got ${JSON.stringify(given[key])})`,
      },
    ];
  }
  if (
    issue.input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_union')
  ) {
    return [{ path, message: 'is required' }];
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return [
      { path, message: `must be ${article(issue.expected)}, not ${describeType(issue.input)}` },
    ];
  }
  return [{ path, message: issue.message }];
}

function article(expected: string): string {
  return /^[aeiou]/u.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/**
 * Validates a spec (already parsed from YAML or JSON) and fills its defaults. Throws
 * INVALID_ARGUMENT naming every problem by field path, e.g. `policy.steps: must end at 100`; the
 * issues are also in `details.issues` as `{ path, message }`. `unionChoices` names the values of
 * the schema's discriminated union, for the message when it is missing or wrong.
 */
export function parseSpec<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  unionChoices: readonly string[] = [],
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue) => toSpecIssues(issue, unionChoices));
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`));
  const more =
    issues.length > MAX_ISSUES_IN_MESSAGE
      ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)`
      : '';
  throw new SlipwayError({
    code: 'INVALID_ARGUMENT',
    message: `Invalid ${what}: ${shown.join('; ')}${more}.`,
    details: { issues },
  });
}
