import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { invalidArgument } from '@slipway/core';
import type { BatchInput, RowChunk } from './batch-types.js';
import { fileError } from './open-failure.js';

function parseError(path: string, err: unknown): Error {
  return invalidArgument(
    `Cannot read CSV ${path}: ${err instanceof Error ? err.message : String(err)}`,
  );
}

/**
 * A CSV file (header row, then records) streamed through csv-parse: the parser is pulled one
 * record at a time, so the file stream pauses whenever a chunk is waiting for the model.
 */
export async function openCsvInput(path: string, chunkRows: number): Promise<BatchInput> {
  const info = await stat(path).catch((err: unknown) => {
    throw fileError(path, 'read', err);
  });
  const file = createReadStream(path);
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ bom: true, skip_empty_lines: true });
  file.on('error', (err) => parser.destroy(err));
  file.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const next = async (): Promise<IteratorResult<string[]>> => {
    try {
      return await records.next();
    } catch (err) {
      throw parseError(path, err);
    }
  };
  const header = await next();
  if (header.done === true) throw invalidArgument(`CSV ${path} is empty: it needs a header row.`);
  const columns = header.value;
  return {
    format: 'csv',
    columns,
    kinds: undefined,
    totalRows: undefined,
    totalBytes: info.size,
    async *chunks(): AsyncGenerator<RowChunk> {
      let rows: unknown[][] = [];
      for (let record = await next(); record.done !== true; record = await next()) {
        rows.push(record.value);
        if (rows.length >= chunkRows) {
          yield { rows, bytesRead };
          rows = [];
        }
      }
      if (rows.length > 0) yield { rows, bytesRead };
    },
    async close() {
      parser.destroy();
      file.destroy();
    },
  };
}
