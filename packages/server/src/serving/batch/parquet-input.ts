import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { invalidArgument } from '@slipway/core';
import type { BatchInput, ColumnKind, RowChunk } from './batch-types.js';
import { fileError } from './open-failure.js';

/** A row group up to this many uncompressed bytes is decoded at once; larger ones in slices. */
const WHOLE_GROUP_BYTES = 32 * 1024 * 1024;

function kindOf(node: SchemaTree): ColumnKind {
  if (node.children.length > 0) return 'json';
  const { type, converted_type: converted, logical_type: logical } = node.element;
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'FLOAT' || type === 'DOUBLE' || logical?.type === 'FLOAT16') return 'double';
  if (type === 'INT32' || type === 'INT64') {
    if (converted === 'DECIMAL') return 'double';
    const plain = converted === undefined || /^U?INT_/.test(converted);
    if (plain && (logical === undefined || logical.type === 'INTEGER')) return 'int64';
    return 'string';
  }
  if (type === 'BYTE_ARRAY') {
    if (converted === 'UTF8' || converted === 'ENUM' || logical?.type === 'STRING') return 'string';
  }
  return 'json';
}

/**
 * A Parquet file read a row group at a time (large row groups in row slices, using the offset
 * index to fetch only the pages a slice needs), so memory holds one group or slice, never the
 * file. Column kinds come from the schema.
 */
export async function openParquetInput(path: string, chunkRows: number): Promise<BatchInput> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== undefined) throw fileError(path, 'read', err);
    throw invalidArgument(
      `${path} is not a readable Parquet file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const fields = parquetSchema(metadata).children;
  const columns = fields.map((field) => field.element.name);
  const read = (rowStart: number, rowEnd: number): Promise<unknown[][]> =>
    new Promise((resolve, reject) => {
      parquetRead({
        file,
        metadata,
        columns,
        rowStart,
        rowEnd,
        useOffsetIndex: true,
        onComplete: (rows: unknown[][]) => resolve(rows),
      }).catch(reject);
    });
  return {
    format: 'parquet',
    columns,
    kinds: fields.map(kindOf),
    totalRows: Number(metadata.num_rows),
    totalBytes: file.byteLength,
    async *chunks(): AsyncGenerator<RowChunk> {
      let pending: unknown[][] = [];
      let groupStart = 0;
      for (const group of metadata.row_groups) {
        const rows = Number(group.num_rows);
        const bytes = Number(group.total_byte_size);
        const slice =
          bytes <= WHOLE_GROUP_BYTES
            ? rows
            : Math.max(chunkRows, Math.floor((rows * WHOLE_GROUP_BYTES) / bytes));
        for (let from = groupStart; from < groupStart + rows; from += slice) {
          const sliceRows = await read(from, Math.min(from + slice, groupStart + rows));
          pending = pending.length === 0 ? sliceRows : pending.concat(sliceRows);
          let offset = 0;
          while (pending.length - offset >= chunkRows) {
            yield { rows: pending.slice(offset, offset + chunkRows) };
            offset += chunkRows;
          }
          pending = pending.slice(offset);
        }
        groupStart += rows;
      }
      if (pending.length > 0) yield { rows: pending };
    },
    async close() {},
  };
}
