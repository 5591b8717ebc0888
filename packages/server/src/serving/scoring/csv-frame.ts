import { parse } from 'csv-parse/sync';
import { invalidArgument } from '@slipway/core';
import { frameFromRows } from './frame.js';
import type { Frame } from './frame.js';

/**
 * A `text/csv` scoring body (what pandas' `to_csv(index=False)` writes): a header row of column
 * names, then one row per record. Cells stay text; the column types decide how they parse.
 */
export function csvFrame(text: string): Frame {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, bom: true }) as string[][];
  } catch (err) {
    throw invalidArgument(
      `Failed to parse the CSV input: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const [header, ...rows] = records;
  if (header === undefined) throw invalidArgument('The CSV input has no header row.');
  return frameFromRows(rows, header, 'The CSV input');
}
