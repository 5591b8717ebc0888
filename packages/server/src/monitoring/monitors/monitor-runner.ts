import { parseSuite } from '@slipway/core';
import type { ExpectationSuite, MonitorRunResult, MonitorSpec } from '@slipway/core';
import type { Logger } from '../../logging/logger.js';
import type { PredictionWindow, WindowRows } from '../../prediction-log/prediction-window.js';
import type { ArtifactUriReader } from './artifact-uri-reader.js';
import { inlineJudge } from './judge-window.js';
import type { WindowJudge, WindowReference } from './judge-window.js';
import { ReferenceProfiles } from './reference-profiles.js';
import { windowServing } from './window-serving.js';

export interface MonitorRunnerDeps {
  /** The prediction log (PredictionLogService). */
  predictions: { readWindow(deployment: string, window: PredictionWindow): Promise<WindowRows> };
  /** Reads reference artifacts by URI (see StoreArtifactUriReader). */
  artifacts: ArtifactUriReader;
  logger: Logger;
  /**
   * Where the CPU-bound part of a run (feature tables, drift, validation, performance) happens:
   * the server passes a MonitorJudgeThread so that serving is not held up; default inline.
   */
  judge?: WindowJudge | undefined;
}

export interface MonitorRunOptions {
  now: number;
  trigger: 'schedule' | 'manual';
}

/** A failure of one step, named so that the stored run says what to fix. */
async function step<T>(what: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${what}: ${message}`, { cause: err });
  }
}

function byVersion(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Runs a monitor once: reads its window of the deployment's successful predictions, compares
 * their watched features with the reference, and judges all traffic (version null) and each
 * model version apart, so a canary's candidate is not hidden in its stable version's traffic.
 * Never throws: a run that cannot be made (an unreadable reference, an unknown feature, a bad
 * suite or drift option) comes back with `error` set, so a scheduled run records why.
 */
export class MonitorRunner {
  private readonly profiles: ReferenceProfiles;
  private readonly judge: WindowJudge;

  constructor(private readonly deps: MonitorRunnerDeps) {
    this.profiles = new ReferenceProfiles(deps.artifacts);
    this.judge = deps.judge ?? inlineJudge;
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
      const read = await step('Reading the prediction log failed', () =>
        this.deps.predictions.readWindow(spec.deployment, window),
      );
      if (read.truncated) {
        this.deps.logger.warn(
          { monitor: spec.name, rows: read.rows.length },
          'monitor window truncated to its newest rows',
        );
      }
      if ('last' in window) result.windowStart = read.rows[0]?.time ?? now;
      const suite = await step('The validation suite is invalid', () => this.suiteOf(spec));
      const reference = await this.reference(spec, now);
      // Versions that only failed in the window are listed too: their error rate is the news.
      const versions = [...new Set(read.served.versions)].sort(byVersion);
      const judged = await this.judge.judge({
        spec,
        versions,
        rows: read.rows,
        reference,
        suite,
      });
      result.results = judged.map((r) => ({
        ...r,
        serving: windowServing(read.served, r.version),
      }));
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

  private async reference(spec: MonitorSpec, now: number): Promise<WindowReference> {
    const ref = spec.reference;
    if (ref.type !== 'traffic') {
      const profile = await step(`The reference ${ref.type} ${ref.uri} could not be read`, () =>
        this.profiles.load(ref),
      );
      return { kind: 'profile', profile };
    }
    const window = { from: now - ref.from, to: now - ref.to, version: ref.version };
    const read = await step('Reading the reference traffic failed', () =>
      this.deps.predictions.readWindow(spec.deployment, window),
    );
    return {
      kind: 'traffic',
      rows: read.rows,
      description: `the deployment served no predictions${ref.version === undefined ? '' : ` of version ${ref.version}`} from ${new Date(window.from).toISOString()} to ${new Date(window.to).toISOString()}`,
    };
  }
}
