import { z } from 'zod';
import { formatDurationMs, parseDurationMs } from '../deployments/duration.js';
import { DURATION_EXAMPLES } from './duration.js';
import { checkPipelineSpec } from './pipeline-spec-checks.js';
import { isAbsolutePath } from './relative-path.js';

/** Pipeline and step names: they appear in URLs, RBAC grants and `$SLIPWAY_INPUTS/<step>/`. */
export const PIPELINE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/u;
export const MAX_PIPELINE_NAME_LENGTH = 100;
export const MAX_PIPELINE_SPEC_STEPS = 1000;
export const MAX_STEP_RETRIES = 20;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/u;
/** The cache key's environment part holds the step's interpreter (or image) under this name. */
export const INTERPRETER_KEY = 'interpreter';
/** Reserved: `${item}` is the fan-out item and goes into an instance's params under this name. */
export const ITEM_KEY = 'item';

const MAX_TEXT = 100_000;
const MAX_LIST = 10_000;
const DAY_MS = 86_400_000;

const noNul = (value: string): boolean => !value.includes('\u0000');

/**
 * A pipeline or step name: letters, digits, `-`, `_` and `.`, starting with a letter or digit
 * (so no name is `.` or `..`, which would escape the inputs directory).
 */
export const pipelineNameSchema = z
  .string({ error: 'must be a name (letters, digits, -, _ and .)' })
  .min(1, { error: 'must not be empty' })
  .max(MAX_PIPELINE_NAME_LENGTH, {
    error: `must be at most ${MAX_PIPELINE_NAME_LENGTH} characters`,
  })
  .regex(PIPELINE_NAME_PATTERN, {
    error: 'must be letters, digits, -, _ and ., starting with a letter or digit',
  });

const scalarSchema = z.union([z.string().refine(noNul), z.number(), z.boolean()]);

/** A parameter's default value: a string, number or boolean, or a list of them. */
export const pipelineParamValueSchema = z.union(
  [scalarSchema, z.array(scalarSchema).max(MAX_LIST)],
  { error: 'must be a string, number or boolean, or a list of them' },
);

function durationSchema(options: { min: number; max: number }): z.ZodType<string> {
  const message = `must be a duration such as ${DURATION_EXAMPLES}`;
  return z.string({ error: `${message} (a bare number has no unit)` }).refine(
    (value) => {
      const ms = parseDurationMs(value);
      return ms !== undefined && ms >= options.min && ms <= options.max;
    },
    {
      error: (issue) =>
        `${message}${options.min > 0 ? ', above zero' : ''} and at most ${formatDurationMs(options.max)} (got ${JSON.stringify(issue.input)})`,
    },
  );
}

const relativePathSchema = z
  .string({ error: 'must be a path relative to the pipeline file' })
  .min(1, { error: 'must not be empty' })
  .max(4096)
  .refine(noNul, { error: 'must not contain NUL' })
  .refine((path) => !isAbsolutePath(path), {
    error:
      "must be relative to the pipeline file's directory (no leading /, \\, ~ or drive letter)",
  });

const envSchema = z
  .record(
    z.string(),
    z
      .string({ error: 'must be a string (quote numbers and booleans in YAML, e.g. "1")' })
      .max(MAX_TEXT)
      .refine(noNul, { error: 'must not contain NUL' }),
  )
  .superRefine((env, ctx) => {
    for (const name of Object.keys(env)) {
      if (!ENV_NAME_PATTERN.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a variable name: letters, digits and _, not starting with a digit',
        });
      } else if (name === INTERPRETER_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is reserved for the cache key: set the step's interpreter: (or image:) field instead`,
        });
      }
    }
  });

const stepSchema = z
  .object({
    name: pipelineNameSchema,
    run: z
      .string({ error: 'must be the command to run, as a string' })
      .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` })
      .refine((run) => run.trim() !== '', { error: 'must not be empty' })
      .refine(noNul, { error: 'must not contain NUL' })
      .describe('A shell line; ${params.<name>} and ${item} are substituted.'),
    needs: z
      .array(z.string({ error: 'must be a step name' }))
      .max(MAX_PIPELINE_SPEC_STEPS)
      .optional()
      .describe('Steps that must succeed first; their outputs are in $SLIPWAY_INPUTS/<step>/.'),
    workdir: relativePathSchema
      .optional()
      .describe("Relative to the pipeline's workdir; default: that directory."),
    env: envSchema.optional().describe("Merged over the pipeline's env."),
    files: z
      .array(relativePathSchema)
      .max(MAX_LIST)
      .optional()
      .describe('Files or globs, relative to the workdir, whose content goes into the cache key.'),
    foreach: z
      .union([z.string(), z.array(scalarSchema).max(MAX_LIST)], {
        error: 'must be ${params.<name>} naming a list parameter, or a list',
      })
      .optional()
      .describe('Fan-out: one instance per item, as name[0], name[1], ...; ${item} is the item.'),
    retries: z
      .number({ error: 'must be a whole number of extra attempts' })
      .int({ error: 'must be a whole number of extra attempts' })
      .min(0, { error: 'must be at least 0' })
      .max(MAX_STEP_RETRIES, { error: `must be at most ${MAX_STEP_RETRIES}` })
      .optional(),
    retryDelay: durationSchema({ min: 0, max: DAY_MS / 24 })
      .optional()
      .describe('The first wait before a retry (default 1s); it doubles per attempt.'),
    timeout: durationSchema({ min: 1, max: 30 * DAY_MS }).optional(),
    cache: z
      .union(
        [z.boolean(), z.object({ ttl: durationSchema({ min: 1, max: 3650 * DAY_MS }) }).strict()],
        {
          error: 'must be true, false or { ttl: <duration> }',
        },
      )
      .optional()
      .describe('Default true; false always runs the step; a ttl ignores older results.'),
    interpreter: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('An interpreter (e.g. python3.11) whose name goes into the cache key.'),
    image: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('A container image; goes into the cache key like interpreter.'),
  })
  .strict();

/**
 * A pipeline as written in YAML (or built by `definePipeline`): parameters with their defaults,
 * and command steps forming a DAG through `needs`. Durations stay as written (`10m`) so the stored
 * spec reads like the file; `planPipeline` turns them into milliseconds.
 */
export const pipelineSpecSchema = z
  .object({
    name: pipelineNameSchema,
    description: z.string().max(2000).optional(),
    params: z
      .record(z.string(), pipelineParamValueSchema)
      .optional()
      .describe('Parameters and their defaults; `--param name=value` overrides them.'),
    env: envSchema.optional().describe('Variables for every step.'),
    workdir: relativePathSchema
      .optional()
      .describe("Where steps run, relative to the pipeline file's directory."),
    steps: z
      .array(stepSchema, { error: 'must be a list of steps' })
      .min(1, { error: 'must hold at least one step' })
      .max(MAX_PIPELINE_SPEC_STEPS, {
        error: `must hold at most ${MAX_PIPELINE_SPEC_STEPS} steps`,
      }),
  })
  .strict()
  .superRefine((spec, ctx) => {
    for (const issue of checkPipelineSpec(spec)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type PipelineSpec = z.output<typeof pipelineSpecSchema>;
export type PipelineStepSpec = PipelineSpec['steps'][number];
export type PipelineScalar = string | number | boolean;
