import { stringify } from 'csv-stringify/sync';
import type { BatchOutput, OutputColumnSpec } from './batch-types.js';
import { textOf } from './cell-kinds.js';
import { TextOutputFile } from './output-file.js';

/** RFC 4180 CSV with a header row; cells as text (NaN as `NaN`, missing values empty). */
export async function openCsvOutput(
  path: string,
  columns: readonly OutputColumnSpec[],
): Promise<BatchOutput> {
  const file = new TextOutputFile(path);
  await file.write(stringify([columns.map((column) => column.name)]));
  return {
    async write(rows) {
      if (rows.length === 0) return;
      await file.write(stringify(rows.map((row) => row.map((cell) => textOf(cell) ?? ''))));
    },
    close: () => file.close(),
    abort: () => file.abort(),
  };
}
