import { Command, InvalidArgumentError } from 'commander';
import { DRIFT_COLUMN_TYPES, isStatTestName, STAT_TEST_NAMES } from '@slipway/core';
import type { DriftColumnType, DriftOptions, DriftReport, StatTestName } from '@slipway/core';
import type { CliIo } from '../cli-io.js';
import { table, toJson } from '../output.js';

interface DriftFlags {
  reference: string;
  current: string;
  stattest?: StatTestName;
  threshold?: number;
  columnStattest?: Array<[string, StatTestName]>;
  columnThreshold?: Array<[string, number]>;
  columnType?: Array<[string, DriftColumnType]>;
  columns?: string;
  driftShare?: number;
  json?: boolean;
  report?: string;
}

function parseStatTest(value: string): StatTestName {
  if (!isStatTestName(value)) {
    throw new InvalidArgumentError(`Expected one of ${STAT_TEST_NAMES.join(', ')}.`);
  }
  return value;
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError('Expected a number.');
  return n;
}

function pair<T>(parse: (v: string) => T) {
  return (value: string, previous: Array<[string, T]> = []): Array<[string, T]> => {
    const eq = value.lastIndexOf('=');
    if (eq <= 0) throw new InvalidArgumentError('Expected column=value.');
    return [...previous, [value.slice(0, eq), parse(value.slice(eq + 1))]];
  };
}

function parseColumnType(value: string): DriftColumnType {
  if (!(DRIFT_COLUMN_TYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Expected a type: ${DRIFT_COLUMN_TYPES.join(', ')}.`);
  }
  return value as DriftColumnType;
}

function optionsOf(flags: DriftFlags): DriftOptions {
  const perColumn: NonNullable<DriftOptions['perColumn']> = {};
  for (const [column, stattest] of flags.columnStattest ?? []) {
    perColumn[column] = { ...perColumn[column], stattest };
  }
  for (const [column, threshold] of flags.columnThreshold ?? []) {
    perColumn[column] = { ...perColumn[column], threshold };
  }
  return {
    ...(flags.stattest === undefined ? {} : { stattest: flags.stattest }),
    ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
    ...(Object.keys(perColumn).length === 0 ? {} : { perColumn }),
    ...(flags.columnType === undefined
      ? {}
      : { columnTypes: Object.fromEntries(flags.columnType) }),
    ...(flags.columns === undefined
      ? {}
      : { columns: flags.columns.split(',').map((c) => c.trim()) }),
    ...(flags.driftShare === undefined ? {} : { driftShare: flags.driftShare }),
  };
}

const score = (x: number | null) =>
  x === null ? '-' : Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(3) : x.toPrecision(4);

function describe(report: DriftReport): string[] {
  const rows = report.columns.map((c) => [
    c.column,
    c.type ?? '-',
    c.stattest ?? '-',
    score(c.score),
    score(c.threshold),
    c.skipped !== undefined ? `skipped: ${c.skipped}` : c.driftDetected ? 'DRIFT' : 'ok',
  ]);
  const verdict = report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  return [
    ...table(['column', 'type', 'test', 'score', 'threshold', 'verdict'], rows),
    '',
    `${verdict}: ${report.numberOfDriftedColumns} of ${report.numberOfColumns} tested columns drifted (share ${score(report.driftShare)}; dataset drift at ${score(report.driftShareThreshold)} or more).`,
  ];
}

/**
 * `slipway drift`: Evidently's drift tests between two local files, computed in this process
 * (files of millions of rows never go through a request). Drift is a finding: exit 0 either way.
 */
export function driftCommand(io: CliIo): Command {
  return new Command('drift')
    .description('Compare a current data set with a reference one, column by column (data drift)')
    .requiredOption('--reference <file>', 'reference data: .csv, .jsonl or .parquet')
    .requiredOption('--current <file>', 'current data: .csv, .jsonl or .parquet')
    .option(
      '--stattest <name>',
      `test for every column (default: Evidently's selection): ${STAT_TEST_NAMES.join(', ')}`,
      parseStatTest,
    )
    .option('--threshold <x>', "threshold for every column (default: the test's own)", parseNumber)
    .option(
      '--column-stattest <column=name>',
      'test for one column (repeatable)',
      pair(parseStatTest),
    )
    .option(
      '--column-threshold <column=x>',
      'threshold for one column (repeatable)',
      pair(parseNumber),
    )
    .option(
      '--column-type <column=type>',
      'numerical, categorical or text (repeatable)',
      pair(parseColumnType),
    )
    .option('--columns <a,b,...>', 'only these columns')
    .option(
      '--drift-share <x>',
      'dataset drift when this share of columns drifted (default 0.5)',
      parseNumber,
    )
    .option('--json', 'print the result as JSON (the shape of POST /api/v1/drift)')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .action(async (flags: DriftFlags) => {
      const json = flags.json === true;
      // Loaded only here: client commands never load the server's modules.
      const { runFileDrift } = await import('@slipway/server');
      const result = await runFileDrift({
        reference: flags.reference,
        current: flags.current,
        options: optionsOf(flags),
        reportPath: flags.report,
        onStatus: (line) => {
          if (!json) io.stderr.write(`${line}\n`);
        },
      });
      if (json) {
        io.stdout.write(`${toJson(result.report)}\n`);
        return;
      }
      const lines = describe(result.report);
      lines.push(
        `${result.referenceRows} reference and ${result.currentRows} current rows in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
      );
      if (result.reportPath !== undefined) lines.push(`Report written to ${result.reportPath}.`);
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}
