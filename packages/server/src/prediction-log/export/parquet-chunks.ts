import type { SchemaElement } from 'hyparquet';
import { ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import { ChunkWriter } from './chunk-writer.js';
import type { PredictionExportRow } from './export-row.js';

type Repetition = 'REQUIRED' | 'OPTIONAL';

function utf8(name: string, repetition_type: Repetition): SchemaElement {
  return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
}
function json(name: string, repetition_type: Repetition): SchemaElement {
  return { name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type };
}
function millis(name: string, repetition_type: Repetition): SchemaElement {
  return { name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type };
}

const COLUMNS: SchemaElement[] = [
  utf8('request_id', 'REQUIRED'),
  millis('time', 'REQUIRED'),
  utf8('deployment', 'REQUIRED'),
  utf8('model_name', 'REQUIRED'),
  utf8('model_version', 'REQUIRED'),
  utf8('variant', 'OPTIONAL'),
  { name: 'latency_ms', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  utf8('status', 'REQUIRED'),
  utf8('error', 'OPTIONAL'),
  json('inputs', 'REQUIRED'),
  json('outputs', 'REQUIRED'),
  json('ground_truth', 'OPTIONAL'),
  millis('ground_truth_time', 'OPTIONAL'),
];

const SCHEMA: SchemaElement[] = [{ name: 'root', num_children: COLUMNS.length }, ...COLUMNS];

function columnData(rows: PredictionExportRow[]): ColumnSource[] {
  return COLUMNS.map(({ name, converted_type }) => ({
    name,
    // JSON min/max statistics are never truncated: they would copy whole tensors into the footer.
    statistics: converted_type !== 'JSON',
    data: rows.map((row) => {
      const value = row[name as keyof PredictionExportRow];
      // The label column's null means "no ground truth"; the writer skips nulls of OPTIONAL columns.
      return name === 'ground_truth' && row.ground_truth_time === null ? null : value;
    }),
  }));
}

/**
 * Parquet written one row group of `rowGroupSize` rows at a time: memory holds one row group, not
 * the file. Times are TIMESTAMP_MILLIS (UTC), JSON columns use the JSON logical type.
 */
export async function* parquetChunks(
  pages: AsyncIterable<PredictionExportRow[]>,
  rowGroupSize: number,
): AsyncGenerator<Uint8Array> {
  const writer = new ChunkWriter();
  const parquet = new ParquetWriter({ writer, schema: SCHEMA, createdBy: 'slipway' });
  let pending: PredictionExportRow[] = [];
  const writeGroup = (rows: PredictionExportRow[]) => {
    // Our writer's flush is synchronous, so write() completes before returning.
    void parquet.write({ columnData: columnData(rows), rowGroupSize: rows.length });
  };
  for await (const rows of pages) {
    pending.push(...rows);
    while (pending.length >= rowGroupSize) {
      writeGroup(pending.slice(0, rowGroupSize));
      pending = pending.slice(rowGroupSize);
      yield* writer.take();
    }
  }
  if (pending.length > 0) writeGroup(pending);
  void parquet.finish();
  yield* writer.take();
}
