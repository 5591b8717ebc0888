import { parseSuite } from '@slipway/core';
import type {
  ColumnarTable,
  ExpectationSuite,
  MonitorRunResult,
  MonitorSpec,
  MonitorVersionResult,
} from '@slipway/core';
import type { Logger } from '../../logging/logger.js';
import type {
  PredictionWindow,
  WindowRow,
  WindowRows,
} from '../../prediction-log/prediction-window.js';
import type { ArtifactUriReader } from './artifact-uri-reader.js';
import { featureTable, filterRows, selectFeatures } from './feature-table.js';
import { judgeVersion } from './judge-version.js';
import type { ReferenceData } from './judge-version.js';
import { ReferenceProfiles } from './reference-profiles.js';

export interface MonitorRunnerDeps {
  /** The prediction log (PredictionLogService). */
  predictions: { readWindow(deployment: string, window: PredictionWindow): Promise<WindowRows> };
  /** Reads reference artifacts by URI (see StoreArtifactUriReader). */
  artifacts: ArtifactUriReader;
  logger: Logger;
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

  constructor(private readonly deps: MonitorRunnerDeps) {
    this.profiles = new ReferenceProfiles(deps.artifacts);
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
      const current = featureTable(read.rows);
      const names = spec.features ?? current.table.columnNames;
      const watched = read.rows.length === 0 ? current.table : selectFeatures(current.table, names);
      const reference = await this.reference(spec, now, names);
      result.results = this.judgeAll(
        spec,
        read.rows,
        watched,
        current.requestOfRow,
        reference,
        suite,
      );
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn({ monitor: spec.name, err }, 'monitor run failed');
    }
    return result;
  }

  private judgeAll(
    spec: MonitorSpec,
    rows: readonly WindowRow[],
    features: ColumnarTable,
    requestOfRow: Uint32Array,
    reference: ReferenceData,
    suite: ExpectationSuite | undefined,
  ): MonitorVersionResult[] {
    const results = [judgeVersion(spec, { version: null, rows, features }, reference, suite)];
    const versions = [...new Set(rows.map((row) => row.modelVersion))].sort(byVersion);
    for (const version of versions) {
      const own = rows.filter((row) => row.modelVersion === version);
      const table = filterRows(
        features,
        (row) => rows[requestOfRow[row]!]!.modelVersion === version,
      );
      results.push(judgeVersion(spec, { version, rows: own, features: table }, reference, suite));
    }
    return results;
  }

  private suiteOf(spec: MonitorSpec): ExpectationSuite | undefined {
    const suite = spec.validation?.suite;
    if (suite === undefined) return undefined;
    return parseSuite({ expectation_suite_name: spec.name, ...suite });
  }

  private async reference(
    spec: MonitorSpec,
    now: number,
    features: readonly string[],
  ): Promise<ReferenceData> {
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
    const { table } = featureTable(read.rows);
    const known = features.filter((name) => table.columns.has(name));
    return {
      kind: 'table',
      table: selectFeatures(table, known),
      description: `the deployment served no predictions${ref.version === undefined ? '' : ` of version ${ref.version}`} from ${new Date(window.from).toISOString()} to ${new Date(window.to).toISOString()}`,
    };
  }
}
