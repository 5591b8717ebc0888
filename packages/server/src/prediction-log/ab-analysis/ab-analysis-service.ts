import { failedPrecondition, invalidArgument, notFound } from '@slipway/core';
import type { Caller, DeploymentRecord, DeploymentStore, PredictionLogStore } from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import type { AbArmView, AnalysisOptions, DeploymentAnalysisView } from './analysis-types.js';
import { armIds, groundTruthTallies, rewardTallies } from './arm-tallies.js';
import type { ArmTally } from './arm-tally.js';
import { compareArms } from './arm-comparison.js';
import type { ComparisonSettings } from './arm-comparison.js';
import { pickControl } from './pick-control.js';
import { recommendation } from './recommendation.js';

// The contract's DEFAULT_RATE_MDE, DEFAULT_REWARD_MDE_SHARE and DEFAULT_ERROR_MDE_SHARE.
const DEFAULT_RATE_MDE = 0.02;
const REWARD_MDE_SHARE = 0.02;
const ERROR_MDE_SHARE = 0.1;

interface Scored {
  tallies: ArmTally[];
  /** The default mde from the reward range; for `error` it waits for the control's mean. */
  rewardRange?: number;
  notes: string[];
}

/**
 * A/B analysis of a deployment: per-arm outcomes (from the prediction log's ground truth, or the
 * bandit's rewards), each candidate against the control, and what to do next. Needs READ.
 */
export class AbAnalysisService {
  constructor(
    private readonly store: PredictionLogStore,
    private readonly deployments: Pick<DeploymentStore, 'get'>,
    private readonly access: AccessService,
  ) {}

  async analyze(
    caller: Caller,
    name: string,
    options: AnalysisOptions,
  ): Promise<DeploymentAnalysisView> {
    await this.access.require(caller, 'deployment', name, 'read');
    const record = await this.deployments.get(name);
    if (record === undefined) throw notFound(`No deployment named '${name}'.`);
    const { outcome, alpha, power, from, to } = options;
    if (from !== undefined && to !== undefined && from >= to) {
      throw invalidArgument(`The window is empty: from (${from}) must be before to (${to}).`);
    }
    const scored = await this.score(record, options);
    const { tallies } = scored;
    const ids = armIds(tallies);
    const controlIndex = pickControl(record, tallies, ids, options.control);
    const control = tallies[controlIndex] as ArmTally;
    const kind = outcome === 'correct' ? 'proportion' : 'mean';
    const higherIsBetter = outcome !== 'error';
    const defaultMde =
      outcome === 'correct'
        ? DEFAULT_RATE_MDE
        : scored.rewardRange !== undefined
          ? REWARD_MDE_SHARE * scored.rewardRange
          : control.count > 0 && control.meanSummary().mean > 0
            ? ERROR_MDE_SHARE * control.meanSummary().mean
            : null;
    const mde = options.mde ?? defaultMde;
    const settings: ComparisonSettings = {
      kind,
      higherIsBetter,
      alpha,
      power,
      minimumDetectableEffect: mde,
    };
    const arms: AbArmView[] = tallies.map((tally, i) => ({
      id: ids[i] as string,
      ...tally.key,
      isControl: i === controlIndex,
      count: tally.count,
      successes: kind === 'proportion' ? tally.successes : null,
      value: tally.value(),
      variance: kind === 'mean' && tally.count >= 2 ? tally.meanSummary().variance : null,
      skipped: tally.skipped,
      comparison: i === controlIndex ? null : compareArms(control, tally, settings),
    }));
    const notes = [...scored.notes, ...dataNotes(arms, mde)];
    const noData =
      outcome === 'reward'
        ? `No rewards yet for '${name}': post feedback for served requests (POST /api/v1/deployments/${name}/feedback).`
        : `No labelled predictions for '${name}'${from !== undefined || to !== undefined ? ' in this window' : ''}: attach ground truth to logged predictions (POST /api/v1/deployments/${name}/ground-truth).`;
    return {
      deployment: name,
      policy: record.spec.policy.type,
      outcome,
      kind,
      higherIsBetter,
      alpha,
      power,
      minimumDetectableEffect: mde,
      mdeDefaulted: options.mde === undefined,
      from: from ?? null,
      to: to ?? null,
      control: ids[controlIndex] ?? null,
      arms,
      recommendation: recommendation(name, record.spec.policy.type, arms, higherIsBetter, noData),
      notes,
    };
  }

  private async score(record: DeploymentRecord, options: AnalysisOptions): Promise<Scored> {
    const { outcome, from, to } = options;
    if (outcome === 'reward') {
      const bandit = record.runtime.bandit;
      if (record.spec.policy.type !== 'bandit' || bandit === undefined) {
        throw failedPrecondition(
          `Deployment '${record.name}' has a ${record.spec.policy.type} policy: rewards exist only for bandits. Use outcome correct or error, from ground truth.`,
        );
      }
      if (from !== undefined || to !== undefined) {
        throw invalidArgument(
          'Rewards are running totals per bandit arm, without times: leave out from and to for outcome reward.',
        );
      }
      return {
        tallies: rewardTallies(record, bandit),
        rewardRange: bandit.reward.max - bandit.reward.min,
        notes: [
          "Rewards are the bandit's running totals since its arms (or reward range) last changed; their variance is taken at its largest for the mean and the range, exact for 0/1 rewards and cautious otherwise.",
        ],
      };
    }
    const groups = await this.store.outcomeGroups({
      deployment: record.name,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    return { tallies: groundTruthTallies(record, groups, outcome), notes: [] };
  }
}

function dataNotes(arms: readonly AbArmView[], mde: number | null): string[] {
  const notes: string[] = [];
  const skipped = arms.reduce((sum, arm) => sum + arm.skipped, 0);
  if (skipped > 0) {
    notes.push(
      `${skipped} labelled predictions were not scored: their first output or label is not a single value (or, for error, not a number).`,
    );
  }
  if (mde === null) {
    notes.push('No minimum detectable effect: give mde to get the rows needed and a stop rule.');
  }
  const candidates = arms.filter((arm) => !arm.isControl).length;
  if (candidates > 1) {
    notes.push(
      `${candidates} candidates are each compared with the control at the full alpha; for a family-wise level, use alpha / ${candidates}.`,
    );
  }
  return notes;
}
