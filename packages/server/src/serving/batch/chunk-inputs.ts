import { isSlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import type { ModelMetadata } from '../runtime/model-runtime.js';
import type { StringCells } from '../scoring/cell-value.js';
import { frameFromRows } from '../scoring/frame.js';
import { tensorsFromFrame } from '../scoring/named-tensors.js';
import { tableTensor } from '../scoring/table-input.js';
import type { TableInput } from '../scoring/table-input.js';

/** JSON text in a CSV cell (a list for a tensor input); other text stays a string. */
function jsonCell(cell: unknown): unknown {
  if (typeof cell !== 'string') return cell;
  const text = cell.trim();
  if (!/^[[{\d+-]/.test(text) && text !== 'true' && text !== 'false') return cell;
  try {
    return JSON.parse(text);
  } catch {
    return cell;
  }
}

/**
 * The model inputs for rows [firstRow, firstRow + rows.length) of a file. With a table input
 * (named columns, or the one 2-D input of the model: see tableInputOf) the columns fill it;
 * otherwise each column is an input tensor by name, each cell one row of it (JSON text in CSV
 * files).
 */
export function chunkInputs(
  rows: unknown[][],
  columns: readonly string[],
  metadata: ModelMetadata,
  table: TableInput | undefined,
  strings: StringCells,
  firstRow: number,
): Tensor[] {
  const frame = frameFromRows(rows, columns, 'The input');
  if (table !== undefined) return [tableTensor(frame, table, strings, firstRow)];
  const cells = strings === 'parse' ? rows.map((row) => row.map(jsonCell)) : rows;
  try {
    return tensorsFromFrame(frameFromRows(cells, columns, 'The input'), metadata.inputs);
  } catch (err) {
    if (isSlipwayError(err))
      err.message = `In rows ${firstRow}-${firstRow + rows.length - 1}: ${err.message}`;
    throw err;
  }
}
