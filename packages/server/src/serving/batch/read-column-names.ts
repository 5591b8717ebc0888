import { openBatchInput } from './open-batch-input.js';

/**
 * The column names of a table file, without reading its rows: a CSV header, the top-level fields
 * of a Parquet schema, or the keys of a JSONL file's first record.
 */
export async function readColumnNames(path: string): Promise<string[]> {
  const input = await openBatchInput(path, 1);
  try {
    return [...input.columns];
  } finally {
    await input.close();
  }
}
