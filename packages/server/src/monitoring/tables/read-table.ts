import type { Column, ColumnarTable } from '@slipway/core';
import { invalidArgument } from '@slipway/core';
import { openBatchInput } from '../../serving/batch/open-batch-input.js';
import { ColumnBuilder } from './column-builder.js';

export interface ReadTableOptions {
  /** Only these columns (each must exist). */
  columns?: readonly string[] | undefined;
  /** Called after each chunk with the rows read so far and the bytes consumed (text formats). */
  onProgress?: ((rows: number, bytesRead: number | undefined) => void) | undefined;
}

const CHUNK_ROWS = 8192;

/**
 * A CSV, JSONL or Parquet file read into columns, streaming: the file is never held whole, only
 * the columns being built (numbers as Float64Array). Format from the extension.
 */
export async function readTable(
  path: string,
  options: ReadTableOptions = {},
): Promise<ColumnarTable> {
  const input = await openBatchInput(path, CHUNK_ROWS);
  try {
    const wanted = options.columns ?? input.columns;
    const positions = wanted.map((name) => {
      const at = input.columns.indexOf(name);
      if (at < 0) {
        throw invalidArgument(
          `${path} has no column '${name}'; its columns are: ${input.columns.join(', ')}.`,
        );
      }
      return at;
    });
    const builders = wanted.map(() => new ColumnBuilder());
    let rowCount = 0;
    for await (const chunk of input.chunks()) {
      for (const row of chunk.rows) {
        for (let c = 0; c < positions.length; c++) builders[c]!.push(row[positions[c]!]);
      }
      rowCount += chunk.rows.length;
      options.onProgress?.(rowCount, chunk.bytesRead);
    }
    const columns = new Map<string, Column>();
    wanted.forEach((name, i) => columns.set(name, builders[i]!.finish()));
    return { columnNames: [...wanted], columns, rowCount };
  } finally {
    await input.close();
  }
}
