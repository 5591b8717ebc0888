import { jsonText } from '../scoring/json-text.js';
import type { BatchOutput, OutputColumnSpec } from './batch-types.js';
import { cellOfKind } from './cell-kinds.js';
import { TextOutputFile } from './output-file.js';

/**
 * JSON Lines: one object per row. A JSONL input's records are extended with the output columns
 * (every field kept); other inputs become objects of typed cells (numbers stay numbers).
 */
export async function openJsonlOutput(
  path: string,
  columns: readonly OutputColumnSpec[],
  outputColumnCount: number,
): Promise<BatchOutput> {
  const file = new TextOutputFile(path);
  const firstOutput = columns.length - outputColumnCount;
  return {
    async write(rows, records) {
      const lines = rows.map((row, index) => {
        const record = records?.[index];
        const object: Record<string, unknown> = record ? { ...record } : {};
        const from = record ? firstOutput : 0;
        for (let c = from; c < columns.length; c += 1) {
          const column = columns[c] as OutputColumnSpec;
          object[column.name] = cellOfKind(row[c], column.kind, column.name);
        }
        return `${jsonText(object)}\n`;
      });
      if (lines.length > 0) await file.write(lines.join(''));
    },
    close: () => file.close(),
    abort: () => file.abort(),
  };
}
