import { extname } from 'node:path';
import { invalidArgument } from '@slipway/core';
import type { BatchFormat, BatchInput } from './batch-types.js';
import { openCsvInput } from './csv-input.js';
import { openJsonlInput } from './jsonl-input.js';
import { openParquetInput } from './parquet-input.js';

/** The format a file name implies: .csv, .jsonl (or .ndjson) or .parquet. */
export function formatOfPath(path: string): BatchFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw invalidArgument(
    `Cannot tell the format of '${path}' from its extension; use .csv, .jsonl or .parquet.`,
  );
}

export function openBatchInput(path: string, chunkRows: number): Promise<BatchInput> {
  const format = formatOfPath(path);
  if (format === 'csv') return openCsvInput(path, chunkRows);
  if (format === 'jsonl') return openJsonlInput(path, chunkRows);
  return openParquetInput(path, chunkRows);
}
