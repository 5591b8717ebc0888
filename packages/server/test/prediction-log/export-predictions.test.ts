import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREDICTION_EXPORT_COLUMNS, type PredictionLogStore } from '@slipway/core';
import { exportPredictions } from '../../src/prediction-log/export/export-predictions.js';
import { SQL_BACKENDS, sqliteBackend } from '../support/sql-backends.js';
import { record, usePredictionEnv } from './prediction-fixtures.js';

const T0 = 1_700_000_000_000;
const COUNT = 10;

/** Ten predictions of `fraud` (times T0 + n s), one of `churn`, labels on three of fraud's. */
async function seed(store: PredictionLogStore): Promise<void> {
  const records = Array.from({ length: COUNT }, (_, n) => record(n));
  records[4] = { ...record(4), variant: 'challenger', requestId: 'req-3' };
  records[6] = {
    ...record(6),
    status: 'error',
    error: 'Tensor "x": expected shape [1, 2], "quoted", comma',
    outputs: [],
  };
  await store.append(records);
  await store.append([record(1, { deployment: 'churn' })]);
  await store.attachGroundTruth([
    { deployment: 'fraud', requestId: 'req-1', label: 1, time: T0 + 100_000 },
    {
      deployment: 'fraud',
      requestId: 'req-3',
      label: { cls: 'fraud', p: 0.75 },
      time: T0 + 200_000,
    },
    { deployment: 'fraud', requestId: 'req-8', label: 'legit', time: T0 + 300_000 },
    { deployment: 'churn', requestId: 'req-2', label: 0, time: T0 },
  ]);
}

/** What every format must carry for row n, written out by hand from the seed above. */
function expectedRow(n: number) {
  const labels: Record<number, { label: unknown; time: number }> = {
    1: { label: 1, time: T0 + 100_000 },
    3: { label: { cls: 'fraud', p: 0.75 }, time: T0 + 200_000 },
    4: { label: { cls: 'fraud', p: 0.75 }, time: T0 + 200_000 },
    8: { label: 'legit', time: T0 + 300_000 },
  };
  return {
    request_id: n === 4 ? 'req-3' : `req-${n}`,
    time: T0 + n * 1000,
    deployment: 'fraud',
    model_name: 'fraud-model',
    model_version: String(1 + (n % 3)),
    variant: n === 4 ? 'challenger' : null,
    latency_ms: 1.25 + n,
    status: n === 6 ? 'error' : 'ok',
    error: n === 6 ? 'Tensor "x": expected shape [1, 2], "quoted", comma' : null,
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [n, n + 0.5] }],
    outputs: n === 6 ? [] : [{ name: 'y', datatype: 'INT64', shape: [1], data: [String(n * 10)] }],
    ground_truth: labels[n]?.label ?? null,
    ground_truth_time: labels[n]?.time ?? null,
  };
}

const ALL = Array.from({ length: COUNT }, (_, n) => expectedRow(n));

describe('exportPredictions', () => {
  const env = usePredictionEnv(sqliteBackend);
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-export-'));
    await seed(env.store);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON Lines, one prediction per line', async () => {
    const path = join(dir, 'out.jsonl');
    const result = await exportPredictions(
      env.store,
      'fraud',
      { format: 'jsonl', pageSize: 3 },
      path,
    );
    expect(result).toEqual({ rows: COUNT });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(ALL);
    expect(Object.keys(JSON.parse(lines[0] as string) as object)).toEqual([
      ...PREDICTION_EXPORT_COLUMNS,
    ]);
  });

  it('writes CSV with flattened columns that csv-parse reads back', async () => {
    const path = join(dir, 'out.csv');
    await exportPredictions(env.store, 'fraud', { format: 'csv', pageSize: 4 }, path);
    const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] as object)).toEqual([...PREDICTION_EXPORT_COLUMNS]);
    expect(
      rows.map((row) => ({
        ...row,
        time: Number(row.time),
        latency_ms: Number(row.latency_ms),
        variant: row.variant === '' ? null : row.variant,
        error: row.error === '' ? null : row.error,
        inputs: JSON.parse(row.inputs as string) as unknown,
        outputs: JSON.parse(row.outputs as string) as unknown,
        ground_truth:
          row.ground_truth === '' ? null : (JSON.parse(row.ground_truth as string) as unknown),
        ground_truth_time: row.ground_truth_time === '' ? null : Number(row.ground_truth_time),
      })),
    ).toEqual(ALL);
    // A text label is JSON text in its cell, so it parses back to the same string.
    expect(rows[8]?.ground_truth).toBe('"legit"');
  });

  it('writes Parquet in row groups that hyparquet reads back', async () => {
    const path = join(dir, 'out.parquet');
    await exportPredictions(
      env.store,
      'fraud',
      { format: 'parquet', pageSize: 3, rowGroupSize: 4 },
      path,
    );
    const bytes = readFileSync(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([4, 4, 2]);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(
      rows.map((row) => ({
        ...row,
        time: (row.time as Date).getTime(),
        variant: row.variant ?? null,
        error: row.error ?? null,
        ground_truth: row.ground_truth ?? null,
        ground_truth_time: row.ground_truth_time ? (row.ground_truth_time as Date).getTime() : null,
      })),
    ).toEqual(ALL);
  });

  it('limits the export to [from, to) and streams to a Writable it leaves open', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const result = await exportPredictions(
      env.store,
      'fraud',
      { format: 'jsonl', from: T0 + 2000, to: T0 + 5000, pageSize: 1 },
      sink,
    );
    expect(result.rows).toBe(3);
    expect(sink.writableEnded).toBe(false);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(ALL.slice(2, 5));
  });

  it('streams Parquet row group by row group while still reading the store', async () => {
    const events: string[] = [];
    const traced: Pick<PredictionLogStore, 'join'> = {
      join: (query) => {
        events.push('read');
        return env.store.join(query);
      },
    };
    const sink = new Writable({
      write(_chunk: Buffer, _encoding, done) {
        events.push('write');
        done();
      },
    });
    await exportPredictions(
      traced,
      'fraud',
      { format: 'parquet', pageSize: 2, rowGroupSize: 2 },
      sink,
    );
    // Five pages of two rows, each a row group written before the next page is read, then the footer.
    expect(events).toEqual([...Array.from({ length: 5 }, () => ['read', 'write']).flat(), 'write']);
  });

  it('exports an empty but valid file when nothing matches', async () => {
    for (const format of ['csv', 'jsonl', 'parquet'] as const) {
      const path = join(dir, `empty.${format}`);
      const result = await exportPredictions(env.store, 'nobody', { format }, path);
      expect(result.rows).toBe(0);
      const bytes = readFileSync(path);
      if (format === 'csv')
        expect(bytes.toString()).toBe(`${PREDICTION_EXPORT_COLUMNS.join(',')}\n`);
      if (format === 'jsonl') expect(bytes.length).toBe(0);
      if (format === 'parquet') {
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        expect(Number(parquetMetadata(file).num_rows)).toBe(0);
        expect(await parquetReadObjects({ file })).toEqual([]);
      }
    }
  });

  it('leaves no file behind when the store fails mid-export', async () => {
    let calls = 0;
    const failing: Pick<PredictionLogStore, 'join'> = {
      join: (query) => {
        calls += 1;
        return calls > 1 ? Promise.reject(new Error('connection lost')) : env.store.join(query);
      },
    };
    const path = join(dir, 'broken.csv');
    await expect(
      exportPredictions(failing, 'fraud', { format: 'csv', pageSize: 2 }, path),
    ).rejects.toThrow('connection lost');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('rejects an unknown format and a bad page size', async () => {
    await expect(
      exportPredictions(env.store, 'fraud', { format: 'xlsx' as never }, join(dir, 'x')),
    ).rejects.toThrow(/csv, parquet or jsonl/);
    await expect(
      exportPredictions(env.store, 'fraud', { format: 'csv', pageSize: 0 }, join(dir, 'x')),
    ).rejects.toThrow(/pageSize/);
    expect(existsSync(join(dir, 'x.partial'))).toBe(false);
  });
});

describe.each(SQL_BACKENDS)('exportPredictions of one model version ($name)', (backend) => {
  const env = usePredictionEnv(backend);
  beforeEach(() => seed(env.store));

  const exported = async (options: {
    modelVersion?: string;
    modelName?: string;
    from?: number;
  }) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const result = await exportPredictions(
      env.store,
      'fraud',
      { format: 'jsonl', pageSize: 2, ...options },
      sink,
    );
    const text = Buffer.concat(chunks).toString('utf8');
    return {
      rows: result.rows,
      lines:
        text === ''
          ? []
          : text
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as unknown),
    };
  };

  it("keeps only that version's rows, across pages and with a time range", async () => {
    // The seed serves version 1 + (n % 3): version 2 answered n = 1, 4, 7 (churn's n = 1 is not fraud's).
    expect(await exported({ modelVersion: '2' })).toEqual({
      rows: 3,
      lines: [ALL[1], ALL[4], ALL[7]],
    });
    expect(await exported({ modelVersion: '2', from: T0 + 2000 })).toEqual({
      rows: 2,
      lines: [ALL[4], ALL[7]],
    });
    expect(await exported({ modelVersion: '3', modelName: 'fraud-model' })).toEqual({
      rows: 3,
      lines: [ALL[2], ALL[5], ALL[8]],
    });
  });

  it('exports nothing for a version or model that served nothing', async () => {
    expect(await exported({ modelVersion: '4' })).toEqual({ rows: 0, lines: [] });
    expect(await exported({ modelVersion: '2', modelName: 'other-model' })).toEqual({
      rows: 0,
      lines: [],
    });
  });
});
