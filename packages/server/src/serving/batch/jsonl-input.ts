import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { invalidArgument } from '@slipway/core';
import { isPlainObject } from '../protocol/parameters.js';
import type { BatchInput, RowChunk } from './batch-types.js';
import { fileError } from './open-failure.js';

/**
 * A JSON Lines file, one JSON object per line (blank lines skipped), read line by line. The
 * columns are the keys of the first record; every record is also kept whole so that a JSONL
 * output can extend it without dropping fields.
 */
export async function openJsonlInput(path: string, chunkRows: number): Promise<BatchInput> {
  const info = await stat(path).catch((err: unknown) => {
    throw fileError(path, 'read', err);
  });
  const file = createReadStream(path);
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const lines = createInterface({ input: file, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  let lineNumber = 0;
  const nextRecord = async (): Promise<Record<string, unknown> | undefined> => {
    for (;;) {
      const line = await iterator.next().catch((err: unknown) => {
        throw fileError(path, 'read', err);
      });
      if (line.done === true) return undefined;
      lineNumber += 1;
      if (line.value.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line.value);
      } catch (err) {
        throw invalidArgument(
          `${path} line ${lineNumber} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (!isPlainObject(value)) {
        throw invalidArgument(
          `${path} line ${lineNumber} must be a JSON object of column -> value.`,
        );
      }
      return value;
    }
  };
  const first = await nextRecord();
  const columns = first === undefined ? [] : Object.keys(first);
  return {
    format: 'jsonl',
    columns,
    kinds: undefined,
    totalRows: undefined,
    totalBytes: info.size,
    async *chunks(): AsyncGenerator<RowChunk> {
      let records: Record<string, unknown>[] = [];
      const flush = (): RowChunk => {
        const chunk = {
          rows: records.map((record) => columns.map((name) => record[name])),
          records,
          bytesRead,
        };
        records = [];
        return chunk;
      };
      for (let record = first; record !== undefined; record = await nextRecord()) {
        records.push(record);
        if (records.length >= chunkRows) yield flush();
      }
      if (records.length > 0) yield flush();
    },
    async close() {
      lines.close();
      file.destroy();
    },
  };
}
