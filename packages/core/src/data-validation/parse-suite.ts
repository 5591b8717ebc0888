import { formatPath } from '../validation/spec-issues.js';
import { z } from 'zod';
import { SlipwayError } from '../errors.js';
import { EXPECTATION_TYPES, isExpectationType } from './expectation-types.js';
import type { ExpectationType } from './expectation-types.js';
import { KWARGS_SCHEMAS } from './kwargs-schemas.js';
import type { ExpectationConfig, ExpectationSuite } from './suite.js';

const MAX_ISSUES_IN_MESSAGE = 5;

// Kwargs GE writes into exported suites that only steer GE's own output; they change no verdict.
const IGNORED_KWARGS = ['result_format', 'catch_exceptions', 'include_config', 'batch_id'];
// Kwargs that would change the verdict but are not supported: refusing beats silently ignoring.
const UNSUPPORTED_KWARGS = ['row_condition', 'condition_parser'];

const record = z.record(z.string(), z.unknown());
const suiteShape = z.looseObject({
  name: z.string().min(1).optional(),
  expectation_suite_name: z.string().min(1).optional(),
  expectations: z.array(z.unknown()),
  meta: record.optional(),
});
const expectationShape = z.looseObject({
  expectation_type: z.string().optional(),
  type: z.string().optional(),
  kwargs: record.optional(),
  meta: record.optional(),
});

function kwargIssue(issue: z.core.$ZodIssue, type: ExpectationType): string[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys' && issue.path.length > 0) {
    return issue.keys.map((key) => `${path} has an unknown field ${JSON.stringify(key)}`);
  }
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(KWARGS_SCHEMAS[type].shape).join(', ');
    return issue.keys.map(
      (key) =>
        `${formatPath([...issue.path, key])} is not a kwarg of this expectation (it takes ${known})`,
    );
  }
  if (issue.input === undefined && issue.code === 'invalid_type') return [`${path} is required`];
  if (typeof issue.input === 'object' && issue.input !== null && '$PARAMETER' in issue.input) {
    return [`${path} is a GE suite parameter ($PARAMETER), which is not supported; give the value`];
  }
  return [path === '' ? issue.message : `${path} ${issue.message}`];
}

function prepareKwargs(
  kwargs: Record<string, unknown>,
  type: ExpectationType,
  problems: string[],
): Record<string, unknown> {
  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (IGNORED_KWARGS.includes(key)) continue;
    if (UNSUPPORTED_KWARGS.includes(key)) {
      if (value !== null && value !== undefined)
        problems.push(`${key} is not supported; filter the data before validating`);
      continue;
    }
    // GE names it type_ (type is a Python builtin); type reads better in a hand-written suite.
    const name = key === 'type' && type === 'expect_column_values_to_be_of_type' ? 'type_' : key;
    prepared[name] = value;
  }
  return prepared;
}

function parseExpectation(
  item: unknown,
  index: number,
  issues: string[],
): ExpectationConfig | undefined {
  const where = `expectations[${index}]`;
  const shape = expectationShape.safeParse(item);
  if (!shape.success) {
    issues.push(
      `${where} must be an object with expectation_type and kwargs (kwargs and meta are objects)`,
    );
    return undefined;
  }
  const type = shape.data.expectation_type ?? shape.data.type;
  if (type === undefined) {
    issues.push(`${where}: expectation_type is required`);
    return undefined;
  }
  if (!isExpectationType(type)) {
    issues.push(
      `${where}: unknown expectation_type ${JSON.stringify(type)}; supported: ${EXPECTATION_TYPES.join(', ')}`,
    );
    return undefined;
  }
  const problems: string[] = [];
  const kwargs = prepareKwargs(shape.data.kwargs ?? {}, type, problems);
  const parsed = KWARGS_SCHEMAS[type].safeParse(kwargs, { reportInput: true });
  if (!parsed.success)
    problems.push(...parsed.error.issues.flatMap((issue) => kwargIssue(issue, type)));
  if (problems.length > 0 || !parsed.success) {
    issues.push(...problems.map((problem) => `${where} (${type}): ${problem}`));
    return undefined;
  }
  const config = { expectation_type: type, kwargs: parsed.data } as ExpectationConfig;
  if (shape.data.meta !== undefined) config.meta = shape.data.meta;
  return config;
}

/**
 * Validates an expectation suite already parsed from YAML or JSON: Slipway's
 * `{ name, expectations: [{ expectation_type, kwargs, meta? }] }` or a GE export
 * (`expectation_suite_name`, or GE 1.x's `type` for `expectation_type`). Throws INVALID_ARGUMENT
 * naming each bad expectation by index, type and kwarg, e.g.
 * `expectations[3] (expect_column_values_to_be_between): give min_value or max_value`; all issues
 * are in `details.issues`.
 */
export function parseSuite(doc: unknown): ExpectationSuite {
  const shape = suiteShape.safeParse(doc);
  if (!shape.success) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message:
        'Invalid expectation suite: it must be an object with a name and an expectations list.',
    });
  }
  const issues: string[] = [];
  const name = shape.data.name ?? shape.data.expectation_suite_name;
  if (name === undefined) issues.push('name is required (expectation_suite_name in a GE export)');
  const expectations: ExpectationConfig[] = [];
  shape.data.expectations.forEach((item, index) => {
    const config = parseExpectation(item, index, issues);
    if (config !== undefined) expectations.push(config);
  });
  if (issues.length > 0 || name === undefined) {
    const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).join('; ');
    const more =
      issues.length > MAX_ISSUES_IN_MESSAGE
        ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)`
        : '';
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid expectation suite: ${shown}${more}.`,
      details: { issues },
    });
  }
  const suite: ExpectationSuite = { name, expectations };
  if (shape.data.meta !== undefined) suite.meta = shape.data.meta;
  return suite;
}

/** Parses a suite file's text. JSON only: YAML needs the `yaml` package, which core does not depend on. */
export function parseSuiteText(text: string, format: 'json' = 'json'): ExpectationSuite {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid expectation suite: the file is not valid ${format.toUpperCase()} (${reason}).`,
      cause: error,
    });
  }
  return parseSuite(doc);
}
