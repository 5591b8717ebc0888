import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { DeploymentAnalysis } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parseInteger, parseMetricValue } from '../option-parsers.js';
import { table } from '../output.js';

const OUTCOMES = ['correct', 'error', 'reward'] as const;
type Outcome = (typeof OUTCOMES)[number];

type Arm = DeploymentAnalysis['arms'][number];

function parseOutcome(value: string): Outcome {
  const outcome = OUTCOMES.find((o) => o === value);
  if (outcome === undefined) throw new InvalidArgumentError(`Expected ${OUTCOMES.join(', ')}.`);
  return outcome;
}

function parsePositive(value: string): number {
  const n = parseMetricValue(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number > 0.');
  return n;
}

function parseProbability(value: string): number {
  const n = parseMetricValue(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('Expected a number between 0 and 1.');
  return n;
}

function parseTime(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError('Expected milliseconds since the Unix epoch.');
  return n;
}

const sig = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : String(Number(value.toPrecision(4)));

function pValue(value: number | null): string {
  if (value === null) return '-';
  return value < 1e-4 ? value.toExponential(1) : sig(value);
}

function difference(arm: Arm): string {
  const c = arm.comparison;
  if (c === null) return 'control';
  if (c.difference === null || c.confidenceInterval === null) return '-';
  const { lower, upper, level } = c.confidenceInterval;
  const sign = c.difference > 0 ? '+' : '';
  return `${sign}${sig(c.difference)} [${sig(lower)}, ${sig(upper)}] ${Math.round(level * 100)}%`;
}

function verdict(arm: Arm): string {
  const c = arm.comparison;
  if (c === null) return '-';
  return c.verdict === 'winner' ? `winner: ${c.winner ?? 'candidate'}` : c.verdict;
}

/** The analysis as people read it: one row per arm, then the advice and the caveats. */
export function analysisLines(a: DeploymentAnalysis): string[] {
  const metric = a.kind === 'proportion' ? 'RATE' : a.outcome === 'error' ? 'MEAN ERR' : 'MEAN';
  const mde = a.minimumDetectableEffect === null ? 'none' : sig(a.minimumDetectableEffect);
  return [
    `Deployment '${a.deployment}' (${a.policy}), outcome ${a.outcome} (${a.higherIsBetter ? 'higher' : 'lower'} is better): mde ${mde}${a.mdeDefaulted ? ' (default)' : ''}, alpha ${a.alpha}, power ${a.power}`,
    ...table(
      ['ARM', 'VERSION', 'N', metric, 'DIFF VS CONTROL [CI]', 'P', 'NEEDED/ARM', 'VERDICT'],
      a.arms.map((arm) => [
        arm.id,
        `${arm.modelName}/${arm.modelVersion}`,
        String(arm.count),
        sig(arm.value),
        difference(arm),
        pValue(arm.comparison?.pValue ?? null),
        arm.comparison?.requiredPerArm === null || arm.comparison === null
          ? '-'
          : String(arm.comparison.requiredPerArm),
        verdict(arm),
      ]),
      'No arms.',
    ),
    ...a.arms.flatMap((arm) =>
      arm.comparison === null ? [] : [`  ${arm.id}: ${arm.comparison.summary}`],
    ),
    `Next: ${a.recommendation}`,
    ...a.notes.map((note) => `Note: ${note}`),
  ];
}

interface AnalyzeFlags {
  outcome?: Outcome;
  control?: string;
  mde?: number;
  power?: number;
  alpha?: number;
  from?: number;
  to?: number;
}

export function analyzeCommand(deployments: Command, action: ActionFactory): void {
  clientCommand(deployments.command('analyze'))
    .description(
      'A/B analysis: per version the outcome, the difference against the control with its confidence interval and p-value, the rows still needed, and a verdict',
    )
    .argument('<name>', 'deployment name')
    .option(
      '--outcome <outcome>',
      'correct (prediction = ground truth, default), error (absolute error) or reward (bandit)',
      parseOutcome,
    )
    .option('--control <arm>', 'the control: a variant, a model version or model/version')
    .option(
      '--mde <x>',
      'minimum detectable effect, absolute (default 0.02 for correct)',
      parsePositive,
    )
    .option('--power <p>', 'power of the sample-size rule (default 0.8)', parseProbability)
    .option('--alpha <a>', 'two-sided significance level (default 0.05)', parseProbability)
    .option('--from <ms>', 'only predictions at or after this time (ms since epoch)', parseTime)
    .option('--to <ms>', 'only predictions before this time (ms since epoch)', parseTime)
    .action(
      action<[string], AnalyzeFlags>(async (t, o, name) => {
        const analysis = await t.client.deployments.analyze(name, { ...o });
        t.result(analysis, () => analysisLines(analysis));
      }),
    );
}
