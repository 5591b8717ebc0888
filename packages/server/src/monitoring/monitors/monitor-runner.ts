import { parseSuite } from '@slipway/core';
import type { ExpectationSuite, MonitorRunResult, MonitorSpec } from '@slipway/core';
import type { Logger } from '../../logging/logger.js';
import type { PredictionWindow, WindowRows } from '../../prediction-log/prediction-window.js';
import type { ArtifactUriReader } from './artifact-uri-reader.js';
import { ReferenceProfiles } from './reference-profiles.js';
import { step } from './run-step.js';
import { inlineWindowJudge } from './window-job.js';
import type { JobReference, WindowJudge } from './window-job.js';

export interface MonitorRunnerDeps {
  /** The prediction log (PredictionLogService), read by the inline judge. */
  predictions: { readWindow(deployment: string, window: PredictionWindow): Promise<WindowRows> };
  /** Reads reference artifacts by URI (see StoreArtifactUriReader). */
  artifacts: ArtifactUriReader;
  logger: Logger;
  /**
   * Where a run's window is read and judged: the server passes a MonitorJudgeThread (its own
   * connection, its own event loop) so that serving is not held up; default inline over
   * `predictions`.
   */
  judge?: WindowJudge | undefined;
}

export interface MonitorRunOptions {
  now: number;
  trigger: 'schedule' | 'manual';
}

/**
 * Runs a monitor once: reads its window of the deployment's successful predictions, compares
 * their watched features with the reference, and judges all traffic (version null) and each
 * model version apart, so a canary's candidate is not hidden in its stable version's traffic.
 * The suite and a reference profile are settled here (profiles cached); reading and judging the
 * window is the judge's. Never throws: a run that cannot be made (an unreadable reference, an
 * unknown feature, a bad suite or drift option) comes back with `error` set, so a scheduled run
 * records why.
 */
export class MonitorRunner {
  private readonly profiles: ReferenceProfiles;
  private readonly judge: WindowJudge;

  constructor(private readonly deps: MonitorRunnerDeps) {
    this.profiles = new ReferenceProfiles(deps.artifacts);
    this.judge =
      deps.judge ??
      inlineWindowJudge((deployment, window) => deps.predictions.readWindow(deployment, window));
  }

  async run(spec: MonitorSpec, options: MonitorRunOptions): Promise<MonitorRunResult> {
    const { now, trigger } = options;
    const window: PredictionWindow =
      spec.window.duration === undefined
        ? { last: spec.window.last ?? 1, to: now }
        : { from: now - spec.window.duration, to: now };
    const result: MonitorRunResult = {
      monitor: spec.name,
      deployment: spec.deployment,
      time: now,
      windowStart: 'from' in window ? window.from : now,
      windowEnd: now,
      trigger,
      results: [],
    };
    try {
      const suite = await step('The validation suite is invalid', () => this.suiteOf(spec));
      const reference = await this.reference(spec, now);
      const outcome = await this.judge.judge({ spec, window, reference, suite });
      const { read } = outcome;
      if (read?.truncated === true) {
        this.deps.logger.warn(
          { monitor: spec.name, rows: read.rows },
          'monitor window truncated to its newest rows',
        );
      }
      if ('last' in window && read !== undefined) result.windowStart = read.firstRowTime ?? now;
      if (outcome.error !== undefined) throw new Error(outcome.error);
      result.results = outcome.results;
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn({ monitor: spec.name, err }, 'monitor run failed');
    }
    return result;
  }

  private suiteOf(spec: MonitorSpec): ExpectationSuite | undefined {
    const suite = spec.validation?.suite;
    if (suite === undefined) return undefined;
    return parseSuite({ expectation_suite_name: spec.name, ...suite });
  }

  private async reference(spec: MonitorSpec, now: number): Promise<JobReference> {
    const ref = spec.reference;
    if (ref.type !== 'traffic') {
      const profile = await step(`The reference ${ref.type} ${ref.uri} could not be read`, () =>
        this.profiles.load(ref),
      );
      return { kind: 'profile', profile };
    }
    const window = { from: now - ref.from, to: now - ref.to, version: ref.version };
    return {
      kind: 'traffic',
      window,
      description: `the deployment served no predictions${ref.version === undefined ? '' : ` of version ${ref.version}`} from ${new Date(window.from).toISOString()} to ${new Date(window.to).toISOString()}`,
    };
  }
}
