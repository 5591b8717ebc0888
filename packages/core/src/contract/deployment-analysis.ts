import { z } from 'zod';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const AB_OUTCOMES = ['correct', 'error', 'reward'] as const;
export type AbOutcome = (typeof AB_OUTCOMES)[number];

/** Minimum detectable effect of `correct` when none is given: 2 points of accuracy. */
export const DEFAULT_RATE_MDE = 0.02;
/** Of `reward` when none is given: 2 % of the bandit's reward range. */
export const DEFAULT_REWARD_MDE_SHARE = 0.02;
/** Of `error` when none is given: 10 % of the control's mean absolute error. */
export const DEFAULT_ERROR_MDE_SHARE = 0.1;

const timeQuery = z.coerce.number().int().nonnegative();
const probabilityQuery = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number strictly between 0 and 1` })
    .gt(0, `${what} must be strictly between 0 and 1`)
    .lt(1, `${what} must be strictly between 0 and 1`);

export const deploymentAnalysisQuerySchema = z.object({
  outcome: z
    .enum(AB_OUTCOMES, { error: `outcome must be one of ${AB_OUTCOMES.join(', ')}` })
    .default('correct')
    .describe(
      'correct: prediction equals ground truth (a rate, two-proportion z-test); error: absolute error against ground truth (a mean, lower is better, Welch); reward: bandit feedback rewards (a mean, Welch).',
    ),
  control: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The arm the others are compared with: a variant id, a model version, or model/version. Default: the deployment's first variant (stable, primary, blue, or the first listed).",
    ),
  mde: z.coerce
    .number({ error: 'mde must be a positive number' })
    .positive('mde must be a positive number')
    .optional()
    .describe(
      `Minimum detectable effect, absolute (rate points or units of the metric). Default: ${DEFAULT_RATE_MDE} for correct, ${DEFAULT_ERROR_MDE_SHARE * 100} % of the control's mean error for error, ${DEFAULT_REWARD_MDE_SHARE * 100} % of the reward range for reward.`,
    ),
  power: probabilityQuery('power').default(0.8).describe('Power of the sample-size rule.'),
  alpha: probabilityQuery('alpha').default(0.05).describe('Two-sided significance level.'),
  from: timeQuery
    .optional()
    .describe('Inclusive lower bound on prediction time, ms since the Unix epoch.'),
  to: timeQuery
    .optional()
    .describe('Exclusive upper bound on prediction time, ms since the epoch.'),
});

const comparisonSchema = z
  .object({
    verdict: z.enum(['winner', 'no_difference_yet', 'stop']),
    winner: z.enum(['candidate', 'control']).optional(),
    difference: z.number().nullable().describe('Candidate minus control; null without a test.'),
    confidenceInterval: z
      .object({ lower: z.number(), upper: z.number(), level: z.number() })
      .nullable(),
    statistic: z.number().nullable().describe('z for rates, t for means.'),
    pValue: z.number().nullable(),
    degreesOfFreedom: z.number().nullable().describe("Welch's; null for the z-test."),
    significant: z.boolean(),
    requiredPerArm: z
      .number()
      .int()
      .nullable()
      .describe('Rows per arm needed to detect the mde at this power; null until estimable.'),
    neededMore: z
      .number()
      .int()
      .nullable()
      .describe('Rows the smaller of the two arms still lacks (0 once reached).'),
    reason: z.string().optional().describe('Why no test could be computed yet.'),
    summary: z.string(),
  })
  .register(contractRegistry, { id: 'AbComparison' });

export const abArmSchema = z
  .object({
    id: z.string().describe('variant, or variant@version when a variant served several versions'),
    variant: z.string().nullable(),
    modelName: z.string(),
    modelVersion: z.string(),
    isControl: z.boolean(),
    count: z.number().int().describe('Scored rows (labelled predictions, or rewards).'),
    successes: z.number().int().nullable().describe('Correct predictions (outcome correct).'),
    value: z.number().nullable().describe('The rate or the mean; null without rows.'),
    variance: z.number().nullable().describe('Sample variance of the metric (means only).'),
    skipped: z
      .number()
      .int()
      .describe('Labelled predictions that could not be scored (non-scalar output or label).'),
    comparison: comparisonSchema.nullable().describe('Against the control; null for the control.'),
  })
  .register(contractRegistry, { id: 'AbArm' });

export const deploymentAnalysisSchema = z
  .object({
    deployment: z.string(),
    policy: z.string(),
    outcome: z.enum(AB_OUTCOMES),
    kind: z.enum(['proportion', 'mean']),
    higherIsBetter: z.boolean(),
    alpha: z.number(),
    power: z.number(),
    minimumDetectableEffect: z.number().nullable(),
    mdeDefaulted: z.boolean().describe('True when the mde is the default, not the one asked for.'),
    from: z.number().int().nullable(),
    to: z.number().int().nullable(),
    control: z.string().nullable().describe('Id of the control arm.'),
    arms: z.array(abArmSchema),
    recommendation: z.string().describe('What to do next, in one sentence.'),
    notes: z.array(z.string()).describe('Caveats about the data, for people.'),
  })
  .register(contractRegistry, { id: 'DeploymentAnalysis' });

export const deploymentAnalysisRoutes = {
  getDeploymentAnalysis: defineRoute({
    operationId: 'getDeploymentAnalysis',
    method: 'GET',
    path: '/api/v1/deployments/{name}/analysis',
    group: 'deployments',
    summary: 'A/B analysis: per-version outcomes, differences against the control and a verdict',
    description: [
      'For each version the deployment served: its outcome from ground truth (correct: accuracy;',
      'error: mean absolute error) or from bandit rewards, and against the control the difference',
      'with its confidence interval and two-sided p-value (two-proportion z-test for rates, Welch for',
      'means), the rows per arm needed to detect `mde` at `power`, and a verdict: winner, stop (no',
      'difference of the mde or more), or no_difference_yet. Each candidate is compared with the',
      'control on its own, without a multiple-comparison correction. Needs READ on the deployment.',
    ].join(' '),
    params: z.object({ name: z.string().min(1) }),
    query: deploymentAnalysisQuerySchema,
    status: 200,
    response: deploymentAnalysisSchema,
  }),
};

export type DeploymentAnalysisQuery = z.output<typeof deploymentAnalysisQuerySchema>;
export type DeploymentAnalysis = z.output<typeof deploymentAnalysisSchema>;
export type AbArmView = z.output<typeof abArmSchema>;
export type AbComparisonView = z.output<typeof comparisonSchema>;
