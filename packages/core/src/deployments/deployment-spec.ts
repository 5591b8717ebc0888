import { z } from 'zod';
import { modelRefSchema } from './model-ref-schema.js';
import { formatDurationMs, parseDurationMs } from './duration.js';

export const DEPLOYMENT_POLICY_TYPES = [
  'single',
  'canary',
  'blue-green',
  'shadow',
  'ab',
  'bandit',
] as const;
export type DeploymentPolicyType = (typeof DEPLOYMENT_POLICY_TYPES)[number];

export const DEFAULT_ROUTE_KEY_HEADER = 'x-slipway-route-key';
/** Fewer candidate requests than this in a canary window are not judged. */
export const DEFAULT_CANARY_MIN_REQUESTS = 20;
export const DEFAULT_BANDIT_EPSILON = 0.1;
export const DEFAULT_MAX_BATCH_SIZE = 32;
export const DEFAULT_MAX_BATCH_DELAY_MS = 2;
export const MAX_DEPLOYMENT_NAME_LENGTH = 63;
export const MAX_VARIANTS = 32;
const MAX_INTERVAL_MS = 7 * 24 * 3_600_000;

// A DNS label, so a deployment name can become a Kubernetes object, a hostname or a metric label.
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/u;
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/u;

export const deploymentNameSchema = z
  .string({ error: 'must be a string' })
  .max(MAX_DEPLOYMENT_NAME_LENGTH, {
    error: `must be at most ${MAX_DEPLOYMENT_NAME_LENGTH} characters`,
  })
  .regex(DNS_LABEL, {
    error:
      'must be lowercase letters, digits and dashes, starting and ending with a letter or digit (a DNS label)',
  });

const intervalInput = z.union([z.string(), z.number()], {
  error: 'must be a duration such as 30s, 5m or 1h, or a number of milliseconds',
});

/** `30s`, `500ms`, `5m`, `1h`, `1m30s` or a number of milliseconds; parses to milliseconds. */
export const intervalSchema = intervalInput.transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDurationMs(value);
  if (ms === undefined || !Number.isInteger(ms) || ms <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a positive duration such as 30s, 5m or 1h, or a whole number of milliseconds (got ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  if (ms > MAX_INTERVAL_MS) {
    ctx.addIssue({
      code: 'custom',
      message: `must be at most ${formatDurationMs(MAX_INTERVAL_MS)} (got ${formatDurationMs(ms)})`,
    });
    return z.NEVER;
  }
  return ms;
});

const variantNameSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(250, { error: 'must be at most 250 characters' });

const weightSchema = z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' });

const percentSchema = z
  .number({ error: 'must be a number of percent' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });

/** Variants are named so that bandit statistics and sticky routing survive reordering the list. */
const withDefaultName = <T extends { name?: string | undefined; model: string }>(
  variant: T,
): T & { name: string } => ({ ...variant, name: variant.name ?? variant.model });

const abVariantSchema = z
  .strictObject({ name: variantNameSchema.optional(), model: modelRefSchema, weight: weightSchema })
  .transform(withDefaultName);

// `weight` is accepted so an `ab` spec can be switched to `bandit` unchanged; bandits ignore it.
const banditVariantSchema = z
  .strictObject({
    name: variantNameSchema.optional(),
    model: modelRefSchema,
    weight: weightSchema.optional(),
  })
  .transform(withDefaultName);

function variantList<T extends z.ZodType>(variant: T) {
  return z
    .array(variant, { error: 'must be a list of variants' })
    .min(2, { error: 'needs at least 2 variants' })
    .max(MAX_VARIANTS, { error: `takes at most ${MAX_VARIANTS} variants` })
    .superRefine((variants, ctx) => {
      const seen = new Map<string, number>();
      variants.forEach((variant, index) => {
        const name = (variant as { name: string }).name;
        const first = seen.get(name);
        if (first === undefined) seen.set(name, index);
        else {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicates the name '${name}' of variant ${first}; give each variant a distinct name`,
          });
        }
      });
    });
}

function differ(a: string, b: string) {
  return (policy: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (policy[a] === policy[b]) {
      ctx.addIssue({ code: 'custom', path: [b], message: `must differ from ${a}` });
    }
  };
}

export const singlePolicySchema = z.strictObject({
  type: z.literal('single'),
  model: modelRefSchema,
});

export const canaryAnalysisSchema = z.strictObject({
  maxErrorRate: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' })
    .optional(),
  maxP95LatencyMs: z
    .number({ error: 'must be a number of milliseconds' })
    .positive({ error: 'must be greater than 0' })
    .optional(),
  minRequests: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .default(DEFAULT_CANARY_MIN_REQUESTS),
});

export const canaryStepsSchema = z
  .array(
    z
      .number({ error: 'must be a number of percent' })
      .gt(0, { error: 'must be greater than 0 and at most 100' })
      .max(100, { error: 'must be greater than 0 and at most 100' }),
    { error: 'must be a list of percents such as [10, 50, 100]' },
  )
  .min(1, { error: 'needs at least one step' })
  .superRefine((steps, ctx) => {
    for (let i = 1; i < steps.length; i += 1) {
      const previous = steps[i - 1] as number;
      if ((steps[i] as number) <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `must be greater than the step before it (${previous}): steps increase strictly`,
        });
      }
    }
    if (steps.at(-1) !== 100) ctx.addIssue({ code: 'custom', message: 'must end at 100' });
  });

export const canaryPolicySchema = z
  .strictObject({
    type: z.literal('canary'),
    stable: modelRefSchema,
    candidate: modelRefSchema,
    steps: canaryStepsSchema,
    interval: intervalSchema,
    analysis: canaryAnalysisSchema.prefault({}),
  })
  .superRefine(differ('stable', 'candidate'));

export const blueGreenPolicySchema = z
  .strictObject({
    type: z.literal('blue-green'),
    active: modelRefSchema,
    preview: modelRefSchema.optional(),
  })
  .superRefine(differ('active', 'preview'));

export const shadowPolicySchema = z
  .strictObject({
    type: z.literal('shadow'),
    primary: modelRefSchema,
    challenger: modelRefSchema,
    percent: percentSchema.default(100),
  })
  .superRefine(differ('primary', 'challenger'));

export const abPolicySchema = z
  .strictObject({
    type: z.literal('ab'),
    variants: variantList(abVariantSchema),
    routeKey: z
      .string({ error: 'must be a header name' })
      .regex(HEADER_NAME, { error: 'must be a valid HTTP header name' })
      .transform((header) => header.toLowerCase())
      .default(DEFAULT_ROUTE_KEY_HEADER),
  })
  .superRefine((policy, ctx) => {
    if (policy.variants.reduce((sum, variant) => sum + variant.weight, 0) <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'needs at least one variant with a weight above 0',
      });
    }
  });

export const banditRewardRangeSchema = z
  .strictObject({
    min: z.number({ error: 'must be a number' }).default(0),
    max: z.number({ error: 'must be a number' }).default(1),
  })
  .superRefine((range, ctx) => {
    if (range.max <= range.min) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    }
  });

export const banditPolicySchema = z.strictObject({
  type: z.literal('bandit'),
  variants: variantList(banditVariantSchema),
  algorithm: z
    .enum(['thompson', 'epsilon-greedy'], { error: "must be 'thompson' or 'epsilon-greedy'" })
    .default('thompson'),
  epsilon: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' })
    .default(DEFAULT_BANDIT_EPSILON),
  reward: banditRewardRangeSchema.prefault({}),
});

export const deploymentPolicySchema = z.discriminatedUnion('type', [
  singlePolicySchema,
  canaryPolicySchema,
  blueGreenPolicySchema,
  shadowPolicySchema,
  abPolicySchema,
  banditPolicySchema,
]);

export const batchingSchema = z.strictObject({
  maxBatchSize: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(65_536, { error: 'must be at most 65536' })
    .default(DEFAULT_MAX_BATCH_SIZE),
  maxDelayMs: z
    .number({ error: 'must be a number of milliseconds' })
    .min(0, { error: 'must be 0 or more' })
    .max(60_000, { error: 'must be at most 60000' })
    .default(DEFAULT_MAX_BATCH_DELAY_MS),
});

export const predictionLoggingSchema = z.strictObject({
  sampleRate: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' })
    .default(1),
});

/**
 * The declarative deployment spec (YAML or JSON). Unknown fields are errors so a typo such as
 * `stpes` is reported instead of silently ignored. Parsing fills every default, turns `interval`
 * into milliseconds and names every variant, and a parsed spec parses to itself.
 */
export const deploymentSpecSchema = z.strictObject({
  name: deploymentNameSchema,
  description: z
    .string({ error: 'must be a string' })
    .max(1000, { error: 'must be at most 1000 characters' })
    .optional(),
  policy: deploymentPolicySchema,
  /** Absent: every request runs on its own. */
  batching: batchingSchema.optional(),
  logging: predictionLoggingSchema.prefault({}),
});

export type DeploymentSpecInput = z.input<typeof deploymentSpecSchema>;
export type DeploymentSpec = z.output<typeof deploymentSpecSchema>;
export type DeploymentPolicy = z.output<typeof deploymentPolicySchema>;
export type SinglePolicy = z.output<typeof singlePolicySchema>;
export type CanaryPolicy = z.output<typeof canaryPolicySchema>;
export type CanaryAnalysis = z.output<typeof canaryAnalysisSchema>;
export type BlueGreenPolicy = z.output<typeof blueGreenPolicySchema>;
export type ShadowPolicy = z.output<typeof shadowPolicySchema>;
export type AbPolicy = z.output<typeof abPolicySchema>;
export type BanditPolicy = z.output<typeof banditPolicySchema>;
export type BanditAlgorithm = BanditPolicy['algorithm'];
export type RewardRange = z.output<typeof banditRewardRangeSchema>;
export type BatchingSpec = z.output<typeof batchingSchema>;
export type PredictionLoggingSpec = z.output<typeof predictionLoggingSchema>;
