import type { CellValue, LoggedTensor, LoggedTensorValue } from '@slipway/core';

/** A logged tensor seen as rows: `batch` rows (the first dimension) of `width` cells each. */
export interface TensorRows {
  batch: number;
  width: number;
  cell(row: number, position: number): CellValue;
}

/**
 * One logged element as a data-set cell. The log spells INT64/UINT64 as decimal strings (numbers
 * here: monitoring compares distributions, where digits beyond 2^53 do not matter), BYTES as
 * base64 (decoded as UTF-8 text) and non-finite floats as "NaN" / "Infinity" (numbers again).
 */
export function cellOf(datatype: LoggedTensor['datatype'], value: LoggedTensorValue): CellValue {
  if (typeof value !== 'string') return value;
  if (datatype === 'BYTES') return Buffer.from(value, 'base64').toString('utf8');
  return Number(value);
}

/**
 * A scalar or 1-D tensor holds one value per row; [n, k] holds k; higher ranks are flattened
 * per row, so `[n, 2, 3]` has six positions per row.
 */
export function tensorRows(tensor: LoggedTensor): TensorRows {
  const { shape, data, datatype } = tensor;
  const batch = shape.length === 0 ? 1 : (shape[0] ?? 0);
  const width = batch === 0 ? 0 : Math.floor(data.length / batch);
  return {
    batch,
    width,
    cell: (row, position) => {
      const value = data[row * width + position];
      return value === undefined ? null : cellOf(datatype, value);
    },
  };
}
