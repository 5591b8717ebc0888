import type { BatchOutput, OutputColumnSpec } from './batch-types.js';
import { openCsvOutput } from './csv-output.js';
import { openJsonlOutput } from './jsonl-output.js';
import { formatOfPath } from './open-batch-input.js';
import { openParquetOutput } from './parquet-output.js';

export interface OpenBatchOutputOptions {
  /** The trailing columns that hold model outputs (JSONL appends them to input records). */
  outputColumnCount: number;
  rowGroupRows: number;
}

export function openBatchOutput(
  path: string,
  columns: readonly OutputColumnSpec[],
  options: OpenBatchOutputOptions,
): Promise<BatchOutput> {
  const format = formatOfPath(path);
  if (format === 'csv') return openCsvOutput(path, columns);
  if (format === 'jsonl') return openJsonlOutput(path, columns, options.outputColumnCount);
  return openParquetOutput(path, columns, options.rowGroupRows);
}
