import { stringify } from 'csv-stringify/sync';
import { PREDICTION_EXPORT_COLUMNS } from '@slipway/core';
import type { PredictionExportRow } from './export-row.js';

const COLUMNS = [...PREDICTION_EXPORT_COLUMNS];

/** Flat columns; JSON columns hold JSON text, absent values are empty cells. */
function csvRecord(row: PredictionExportRow): Record<string, string | number | null> {
  return {
    ...row,
    inputs: JSON.stringify(row.inputs),
    outputs: JSON.stringify(row.outputs),
    ground_truth: row.ground_truth_time === null ? null : JSON.stringify(row.ground_truth),
  };
}

/** RFC 4180 CSV with a header row (written even when nothing matches). */
export async function* csvChunks(
  pages: AsyncIterable<PredictionExportRow[]>,
): AsyncGenerator<string> {
  yield stringify([], { header: true, columns: COLUMNS });
  for await (const rows of pages) {
    yield stringify(rows.map(csvRecord), { header: false, columns: COLUMNS });
  }
}
