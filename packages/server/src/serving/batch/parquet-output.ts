import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { jsonText } from '../scoring/json-text.js';
import type { BatchOutput, ColumnKind, OutputColumnSpec } from './batch-types.js';
import { cellOfKind } from './cell-kinds.js';
import { fileError } from './open-failure.js';
import { tempPathFor } from './output-file.js';

/** Hands each row group's bytes to the file as soon as the group is encoded. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  async flush(): Promise<void> {
    if (this.index === 0) return;
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    // `offset` keeps counting file positions for the footer; only the buffer is reused.
    this.index = 0;
    await this.handle.write(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

function element(name: string, kind: ColumnKind): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (kind) {
    case 'double':
      return { ...optional, type: 'DOUBLE' };
    case 'int64':
      return { ...optional, type: 'INT64' };
    case 'boolean':
      return { ...optional, type: 'BOOLEAN' };
    case 'string':
    case 'json':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/**
 * Parquet written one row group at a time (`rowGroupRows` rows, Snappy): memory holds one row
 * group, never the file. Every column is OPTIONAL; `json` columns hold JSON text.
 */
export async function openParquetOutput(
  path: string,
  columns: readonly OutputColumnSpec[],
  rowGroupRows: number,
): Promise<BatchOutput> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w').catch((err: unknown) => {
    throw fileError(path, 'write', err);
  });
  const writer = new FileByteWriter(handle);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((column) => element(column.name, column.kind)),
  ];
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'slipway' });
  let pending: unknown[][] = [];

  const writeGroup = async (rows: unknown[][]): Promise<void> => {
    const columnData: ColumnSource[] = columns.map((column, c) => ({
      name: column.name,
      data: rows.map((row) => {
        const value = cellOfKind(row[c], column.kind, column.name);
        return column.kind === 'json' && value !== null ? jsonText(value) : value;
      }),
    }));
    await parquet.write({ columnData, rowGroupSize: rows.length });
  };
  const fail = async (err: unknown): Promise<never> => {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    // Disk errors name the file; anything else (a cell that does not fit) is already explicit.
    throw (err as NodeJS.ErrnoException | null)?.syscall === undefined
      ? err
      : fileError(path, 'write', err);
  };

  return {
    async write(rows) {
      pending = pending.length === 0 ? rows : pending.concat(rows);
      if (pending.length < rowGroupRows) return;
      const group = pending;
      pending = [];
      await writeGroup(group).catch(fail);
    },
    async close() {
      try {
        if (pending.length > 0) await writeGroup(pending);
        pending = [];
        await parquet.finish();
        await handle.close();
      } catch (err) {
        await fail(err);
      }
      await rename(temp, path).catch((err: unknown) => {
        throw fileError(path, 'write', err);
      });
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}
