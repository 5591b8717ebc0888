import { basename } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { computeDrift } from '@slipway/core';
import type { DriftOptions, DriftReport } from '@slipway/core';
import { renderDriftReport, reportColumns } from '../report/drift-report-html.js';
import { readTable } from '../tables/read-table.js';
import { driftDistributions } from './drift-distributions.js';

export interface FileDriftOptions {
  reference: string;
  current: string;
  options?: DriftOptions;
  /** Also write a self-contained HTML report here. */
  reportPath?: string | undefined;
  /** Progress lines (reading, testing), for a terminal. */
  onStatus?: ((line: string) => void) | undefined;
}

export interface FileDriftResult {
  report: DriftReport;
  referenceRows: number;
  currentRows: number;
  reportPath?: string;
  elapsedMs: number;
}

/**
 * Drift between two files (CSV, JSONL or Parquet) computed in this process, as `slipway drift`
 * does: large files never travel through a request body.
 */
export async function runFileDrift(input: FileDriftOptions): Promise<FileDriftResult> {
  const started = performance.now();
  const status = input.onStatus ?? (() => undefined);
  status(`Reading ${input.reference}`);
  const reference = await readTable(input.reference);
  status(`Reading ${input.current}`);
  const current = await readTable(input.current);
  status(`Testing ${new Set([...reference.columnNames, ...current.columnNames]).size} columns`);
  const report = computeDrift(reference, current, input.options ?? {});
  const result: FileDriftResult = {
    report,
    referenceRows: reference.rowCount,
    currentRows: current.rowCount,
    elapsedMs: 0,
  };
  if (input.reportPath !== undefined) {
    const distributions = driftDistributions(report, reference, current);
    const html = await renderDriftReport({
      referenceName: basename(input.reference),
      currentName: basename(input.current),
      referenceRows: reference.rowCount,
      currentRows: current.rowCount,
      datasetDrift: report.datasetDrift,
      driftShare: report.driftShare,
      driftShareThreshold: report.driftShareThreshold,
      generatedAt: new Date(),
      columns: reportColumns(report.columns, distributions),
    });
    await writeFile(input.reportPath, html);
    result.reportPath = input.reportPath;
  }
  result.elapsedMs = performance.now() - started;
  return result;
}
