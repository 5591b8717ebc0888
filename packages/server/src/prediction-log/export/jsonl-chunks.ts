import type { PredictionExportRow } from './export-row.js';

/** JSON Lines: one prediction object per line, inputs/outputs/ground truth as nested JSON. */
export async function* jsonlChunks(
  pages: AsyncIterable<PredictionExportRow[]>,
): AsyncGenerator<string> {
  for await (const rows of pages) {
    let text = '';
    for (const row of rows) text += `${JSON.stringify(row)}\n`;
    yield text;
  }
}
