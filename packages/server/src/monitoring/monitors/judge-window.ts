import type {
  DataProfile,
  ExpectationSuite,
  MonitorSpec,
  MonitorVersionResult,
} from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';
import { featureTable, filterRows, selectFeatures } from './feature-table.js';
import { judgeVersion } from './judge-version.js';
import type { ReferenceData } from './judge-version.js';

/** A run's reference as read: a profile, or the deployment's earlier traffic, still as rows. */
export type WindowReference =
  | { kind: 'profile'; profile: DataProfile }
  | { kind: 'traffic'; rows: readonly WindowRow[]; description: string };

/** Everything a run judges once the log and the reference have been read. */
export interface WindowJudgeInput {
  spec: MonitorSpec;
  /** The model versions to judge apart, in this order, after all traffic. */
  versions: readonly string[];
  rows: readonly WindowRow[];
  reference: WindowReference;
  suite: ExpectationSuite | undefined;
}

function referenceData(reference: WindowReference, features: readonly string[]): ReferenceData {
  if (reference.kind === 'profile') return reference;
  const { table } = featureTable(reference.rows);
  const known = features.filter((name) => table.columns.has(name));
  return {
    kind: 'table',
    table: selectFeatures(table, known),
    description: reference.description,
  };
}

/**
 * The CPU-bound part of a run, synchronous and self-contained so that it can run in a worker:
 * the watched features of the window as a table, then all traffic (version null) and each
 * version apart judged against the reference. An unknown watched feature throws.
 */
export function judgeWindow(input: WindowJudgeInput): MonitorVersionResult[] {
  const { spec, rows, suite } = input;
  const current = featureTable(rows);
  const names = spec.features ?? current.table.columnNames;
  const watched = rows.length === 0 ? current.table : selectFeatures(current.table, names);
  const reference = referenceData(input.reference, names);
  const results = [
    judgeVersion(spec, { version: null, rows, features: watched }, reference, suite),
  ];
  for (const version of input.versions) {
    const own = rows.filter((row) => row.modelVersion === version);
    const table = filterRows(
      watched,
      (row) => rows[current.requestOfRow[row]!]!.modelVersion === version,
    );
    results.push(judgeVersion(spec, { version, rows: own, features: table }, reference, suite));
  }
  return results;
}
