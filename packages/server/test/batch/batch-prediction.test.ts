import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatchPrediction } from '../../src/serving/batch/run-batch-prediction.js';
import type { BatchProgress } from '../../src/serving/batch/run-batch-prediction.js';
import { loadModelFromDirectory } from '../../src/serving/runtime/model-loader.js';
import type { ModelRuntime } from '../../src/serving/runtime/model-runtime.js';
import {
  goldenBreastCancer,
  writeBreastCancerPackage,
  writeRowEchoPackage,
} from '../scoring/support/scoring-models.js';
import type { Golden } from '../scoring/support/scoring-models.js';
import { readCsvHeader, readRecords, writeTable } from './batch-files.js';

let dir: string;
let modelDir: string;
let golden: Golden;
let runtime: ModelRuntime;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-batch-'));
  modelDir = join(dir, 'model');
  await rm(modelDir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(modelDir));
  await writeBreastCancerPackage(modelDir);
  golden = await goldenBreastCancer();
  runtime = await loadModelFromDirectory(modelDir, { poolSize: 2 });
});
afterAll(async () => {
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The golden rows with an id first and the model's columns in reverse order. */
function goldenTable(): { columns: string[]; rows: unknown[][] } {
  const columns = ['id', ...[...golden.columns].reverse()];
  const rows = golden.inputs.map((row, i) => [`row-${i}`, ...[...row].reverse()]);
  return { columns, rows };
}

function expectGoldenRecords(records: Record<string, unknown>[]): void {
  expect(records).toHaveLength(golden.inputs.length);
  records.forEach((record, i) => {
    expect(record.id).toBe(`row-${i}`);
    const prediction = Number(record.prediction);
    expect(Math.abs(prediction - (golden.expected[i]?.[0] ?? NaN))).toBeLessThan(1e-5);
    expect(Number(record['mean radius'])).toBeCloseTo(golden.inputs[i]?.[0] ?? NaN, 5);
  });
}

describe('runBatchPrediction', () => {
  for (const inFormat of ['csv', 'jsonl', 'parquet']) {
    for (const outFormat of ['csv', 'jsonl', 'parquet']) {
      it(`scores the breast-cancer rows from ${inFormat} to ${outFormat} as scikit-learn does`, async () => {
        const { columns, rows } = goldenTable();
        const input = join(dir, `golden-${inFormat}-${outFormat}.${inFormat}`);
        const output = join(dir, `out-${inFormat}-${outFormat}.${outFormat}`);
        await writeTable(input, columns, rows, 100);
        const progress: BatchProgress[] = [];
        const summary = await runBatchPrediction({
          runtime,
          input,
          output,
          chunkRows: 64,
          workers: 3,
          onProgress: (p) => progress.push(p),
        });
        expect(summary.rows).toBe(golden.inputs.length);
        expect(summary.chunks).toBe(Math.ceil(golden.inputs.length / 64));
        expect(summary.outputColumns).toEqual(['prediction']);
        expectGoldenRecords(await readRecords(output));
        if (outFormat === 'csv')
          expect(await readCsvHeader(output)).toEqual([...columns, 'prediction']);
        expect(progress.map((p) => p.rowsDone)).toEqual(
          progress.map((_p, i) => Math.min((i + 1) * 64, golden.inputs.length)),
        );
        if (inFormat === 'parquet') expect(progress[0]?.rowsTotal).toBe(golden.inputs.length);
      });
    }
  }

  it('loads a model directory itself and names one column per output value', async () => {
    const echoDir = join(dir, 'echo');
    await import('node:fs/promises').then((fs) => fs.mkdir(echoDir));
    await writeRowEchoPackage(echoDir);
    const input = join(dir, 'echo.csv');
    const output = join(dir, 'echo.jsonl');
    await writeTable(
      input,
      ['flag', 'count', 'price', 'note'],
      [
        ['true', 2, 0.5, 'a'],
        ['false', -3, 1.25, 'b'],
      ],
    );
    const summary = await runBatchPrediction({ modelDir: echoDir, input, output, workers: 1 });
    expect(summary.outputColumns).toEqual(['echo_0', 'echo_1', 'echo_2', 'total']);
    expect(await readRecords(output)).toEqual([
      {
        flag: true,
        count: 2,
        price: 0.5,
        note: 'a',
        echo_0: 2,
        echo_1: 0.5,
        echo_2: 1,
        total: 3.5,
      },
      {
        flag: false,
        count: -3,
        price: 1.25,
        note: 'b',
        echo_0: -3,
        echo_1: 1.25,
        echo_2: 0,
        total: -1.75,
      },
    ]);
  });

  it('fails on a missing column naming it, and leaves no output file', async () => {
    const { columns, rows } = goldenTable();
    const input = join(dir, 'missing.csv');
    const output = join(dir, 'missing-out.parquet');
    const keep = columns.map((name) => name !== 'mean area');
    await writeTable(
      input,
      columns.filter((_n, i) => keep[i]),
      rows.map((row) => row.filter((_v, i) => keep[i])),
    );
    await expect(runBatchPrediction({ runtime, input, output })).rejects.toThrow(
      /Missing column 'mean area'/,
    );
    expect(existsSync(output)).toBe(false);
    expect((await readdir(dir)).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('names the row of a bad cell in the whole file, not the chunk', async () => {
    const { columns, rows } = goldenTable();
    const bad = rows.map((row) => row.slice());
    (bad[150] as unknown[])[1] = 'oops';
    const input = join(dir, 'bad.csv');
    await writeTable(input, columns, bad);
    await expect(
      runBatchPrediction({ runtime, input, output: join(dir, 'bad.csv.out.csv'), chunkRows: 64 }),
    ).rejects.toThrow(/row 150: "oops" is not a number/);
  });
});
