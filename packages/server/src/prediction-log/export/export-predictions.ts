import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  MAX_PREDICTION_PAGE_SIZE,
  invalidArgument,
  isPredictionExportFormat,
  type PredictionExportOptions,
  type PredictionLogStore,
} from '@slipway/core';
import { csvChunks } from './csv-chunks.js';
import { exportPages } from './export-pages.js';
import { jsonlChunks } from './jsonl-chunks.js';
import { parquetChunks } from './parquet-chunks.js';

export interface ExportPredictionsOptions extends PredictionExportOptions {
  /** Predictions read per store query. Default 500. */
  pageSize?: number;
  /** Parquet rows per row group (what memory holds at once). Default 2,000. */
  rowGroupSize?: number;
}

export interface ExportResult {
  rows: number;
}

type ExportStore = Pick<PredictionLogStore, 'join'>;

function positive(name: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw invalidArgument(`Export ${name} must be an integer from 1 to ${max}, got ${value}.`);
  }
  return value;
}

/**
 * The export as a byte stream, read from the store page by page as the consumer pulls (so a
 * slow consumer slows the reads instead of filling memory). `counter.rows` counts as it goes.
 */
export function predictionExportStream(
  store: ExportStore,
  deployment: string,
  options: ExportPredictionsOptions,
  counter: ExportResult = { rows: 0 },
): Readable {
  if (!isPredictionExportFormat(options.format)) {
    throw invalidArgument(
      `Unknown export format "${String(options.format)}": use csv, parquet or jsonl.`,
    );
  }
  const pageSize = positive('pageSize', options.pageSize ?? 500, MAX_PREDICTION_PAGE_SIZE);
  const rowGroupSize = positive('rowGroupSize', options.rowGroupSize ?? 2_000, 1_000_000);
  const pages = (async function* () {
    for await (const rows of exportPages(store, {
      deployment,
      from: options.from,
      to: options.to,
      modelVersion: options.modelVersion,
      modelName: options.modelName,
      pageSize,
    })) {
      counter.rows += rows.length;
      yield rows;
    }
  })();
  const chunks =
    options.format === 'jsonl'
      ? jsonlChunks(pages)
      : options.format === 'csv'
        ? csvChunks(pages)
        : parquetChunks(pages, rowGroupSize);
  return Readable.from(chunks, { objectMode: false });
}

/**
 * Writes a deployment's predictions (with ground truth where attached) as CSV, Parquet or JSON
 * Lines. A path is written to `<path>.partial` and renamed when complete, so a failed export
 * leaves no truncated file; a Writable is written to and left open (it may be stdout).
 */
export async function exportPredictions(
  store: ExportStore,
  deployment: string,
  options: ExportPredictionsOptions,
  output: Writable | string,
): Promise<ExportResult> {
  const result: ExportResult = { rows: 0 };
  const source = predictionExportStream(store, deployment, options, result);
  if (typeof output !== 'string') {
    await pipeline(source, output, { end: false });
    return result;
  }
  const partial = `${output}.partial`;
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return result;
}
