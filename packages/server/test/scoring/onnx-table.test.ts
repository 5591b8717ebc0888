import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelManifest } from '@slipway/core';
import { runBatchPrediction } from '../../src/serving/batch/run-batch-prediction.js';
import { buildModelPackage } from '../../src/serving/runtime/build-model-package.js';
import { readRecords, writeTable } from '../batch/batch-files.js';
import {
  BREAST_CANCER_ONNX,
  goldenBreastCancer,
  openDeploymentHarness,
  worstError,
} from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness, Golden } from '../deployments/support/deployment-harness.js';

/**
 * As MLflow's ONNX flavor feeds a DataFrame to a single-input model, a table fills the one 2-D
 * input of a plain .onnx model registered as it is: its columns in order, no manifest naming
 * them. With column names registered, the table's columns are taken by name. Real server, real
 * registry, real ONNX Runtime; outputs are scikit-learn's for the breast-cancer logistic
 * regression.
 */

let h: DeploymentHarness;
let golden: Golden;
const ROWS = 40;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness({ deploymentSyncIntervalMs: 0 });
  // The bare .onnx file, as MLflow clients or a copy into a run leave it (no manifest at all),
  // and as `slipway models register bc model.onnx` packages it (the graph's tensor signature).
  await h.registerBreastCancer('bc-bare', false);
  await h.registerBreastCancer('bc-plain', true);
  const named = await buildModelPackage(BREAST_CANCER_ONNX, {
    name: 'bc-named',
    columnNames: golden.columns,
  });
  await h.register('bc-named', [
    { path: 'model.onnx', body: new Uint8Array(await readFile(BREAST_CANCER_ONNX)) },
    { path: 'slipway-model.json', body: JSON.stringify({ ...named, modelFile: 'model.onnx' }) },
  ]);
  for (const name of ['bc-bare', 'bc-plain', 'bc-named']) {
    await h.apply({ name, policy: { type: 'single', model: `models:/${name}/1` } });
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

interface Scored {
  status: number;
  // Test code reads arbitrary JSON answers.
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function invoke(
  deployment: string,
  body: unknown,
  type = 'application/json',
): Promise<Scored> {
  const response = await fetch(`${h.baseUrl}/invocations`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-slipway-deployment': deployment },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

function expectGolden(reply: Scored, rows = ROWS): void {
  expect(reply.status, JSON.stringify(reply.json).slice(0, 300)).toBe(200);
  const predictions = reply.json.predictions as number[];
  expect(predictions).toHaveLength(rows);
  expect(worstError(predictions, golden.expected.slice(0, rows))).toBeLessThan(1e-5);
}

const rows = () => golden.inputs.slice(0, ROWS);
const records = (columns: readonly string[]) =>
  rows().map((row) =>
    Object.fromEntries(columns.map((name) => [name, row[golden.columns.indexOf(name)]])),
  );

/** A fixed shuffle of the 30 columns (every column moves). */
function shuffled(): string[] {
  return golden.columns.map(
    (_, i) => golden.columns[(i * 7 + 3) % golden.columns.length] as string,
  );
}

describe('a plain .onnx model scores tables by column order', () => {
  it.each(['bc-bare', 'bc-plain'])(
    '%s: dataframe_split, dataframe_records and CSV give scikit-learn outputs',
    async (deployment) => {
      expectGolden(
        await invoke(deployment, { dataframe_split: { columns: golden.columns, data: rows() } }),
      );
      expectGolden(await invoke(deployment, { dataframe_split: { data: rows() } }));
      expectGolden(await invoke(deployment, { dataframe_records: records(golden.columns) }));
      const csv = [
        golden.columns.map((name) => `"${name}"`).join(','),
        ...rows().map((row) => row.join(',')),
      ].join('\n');
      expectGolden(await invoke(deployment, csv, 'text/csv'));
    },
  );

  it('takes columns in the order the table has them, whatever their names', async () => {
    // MLflow's rule: DataFrame.values. Names in another order than the model's are other features.
    const order = shuffled();
    const data = rows().map((row) => order.map((name) => row[golden.columns.indexOf(name)]));
    const reply = await invoke('bc-plain', { dataframe_split: { columns: order, data } });
    expect(reply.status).toBe(200);
    expect(worstError(reply.json.predictions, golden.expected.slice(0, ROWS))).toBeGreaterThan(
      0.01,
    );
  });

  it('refuses a table with another number of columns, naming both counts and the columns', async () => {
    const columns = golden.columns.slice(1);
    const data = rows().map((row) => row.slice(1));
    for (const body of [
      { dataframe_split: { columns, data } },
      { dataframe_records: records(columns) },
    ]) {
      const reply = await invoke('bc-plain', body);
      expect(reply.status).toBe(400);
      expect(reply.json.error_code).toBe('BAD_REQUEST');
      expect(reply.json.message).toContain("input 'input' takes 30 columns");
      expect(reply.json.message).toContain('the table has 29');
      expect(reply.json.message).toContain("'mean texture'");
    }
    const unnamed = await invoke('bc-bare', {
      dataframe_split: { data: rows().map((r) => [...r, 0]) },
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.message).toContain('takes 30 columns, in order, but the table has 31');
  });

  it('still takes the input tensor by name, and refuses text in a numeric column', async () => {
    expectGolden(
      await invoke('bc-plain', { dataframe_records: rows().map((row) => ({ input: row })) }),
    );
    expectGolden(await invoke('bc-plain', { inputs: { input: rows() } }));
    const data = rows().map((row, i) => (i === 3 ? ['big', ...row.slice(1)] : row));
    const text = await invoke('bc-plain', { dataframe_split: { columns: golden.columns, data } });
    expect(text.status).toBe(400);
    expect(text.json.message).toContain("Column 'mean radius', row 3");
  });
});

describe('a .onnx model registered with column names', () => {
  it('records the names on its input and takes a table by name, in any column order', async () => {
    const manifest = await fetch(
      `${h.baseUrl}/model-versions/get-artifact?name=bc-named&version=1&path=slipway-model.json`,
    );
    expect(manifest.status).toBe(200);
    const signature = ((await manifest.json()) as { signature: Record<string, unknown> }).signature;
    expect(signature.inputs).toEqual([
      { name: 'input', datatype: 'FP32', shape: [-1, 30], columns: golden.columns },
    ]);

    const order = shuffled();
    const data = rows().map((row) => order.map((name) => row[golden.columns.indexOf(name)]));
    expectGolden(await invoke('bc-named', { dataframe_split: { columns: order, data } }));
    expectGolden(await invoke('bc-named', { dataframe_records: records(order) }));
    // Rows without names stay positional, in the registered order.
    expectGolden(await invoke('bc-named', { dataframe_split: { data: rows() } }));
  });

  it('names a missing column', async () => {
    const columns = golden.columns.filter((name) => name !== 'worst area');
    const reply = await invoke('bc-named', { dataframe_records: records(columns) });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toContain("Missing column 'worst area'");
  });
});

describe('the manifest field', () => {
  const manifest = (inputs: unknown[]) => ({
    formatVersion: 1,
    flavor: 'onnx',
    modelFile: 'model.onnx',
    signature: { inputs, outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }] },
  });

  it("accepts names for a single 2-D input's columns, and refuses them elsewhere", () => {
    const ok = parseModelManifest(
      manifest([{ name: 'x', datatype: 'FP32', shape: [1, 2], columns: ['a', 'b'] }]),
    );
    expect(ok.signature).toMatchObject({ inputs: [{ columns: ['a', 'b'] }] });
    const refusals: [unknown[], string][] = [
      [[{ name: 'x', datatype: 'FP32', shape: [-1, 3], columns: ['a', 'b'] }], 'has 3 columns'],
      [[{ name: 'x', datatype: 'FP32', shape: [-1, 2], columns: ['a', 'a'] }], 'unique'],
      [[{ name: 'x', datatype: 'FP32', shape: [-1], columns: ['a'] }], '2-D'],
      [[{ name: 'x', datatype: 'BYTES', shape: [-1, 1], columns: ['a'] }], '2-D'],
      [
        [
          { name: 'x', datatype: 'FP32', shape: [-1, 1], columns: ['a'] },
          { name: 'z', datatype: 'FP32', shape: [-1, 1] },
        ],
        'single-input',
      ],
    ];
    for (const [inputs, message] of refusals) {
      expect(() => parseModelManifest(manifest(inputs)), message).toThrow(message);
    }
  });
});

describe('batch prediction of a plain .onnx model', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-onnx-table-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (input: string, output: string) =>
    runBatchPrediction({ modelDir: BREAST_CANCER_ONNX, input, output, workers: 1 });

  it('scores a Parquet file by column order, and types CSV input columns as the input holds them', async () => {
    const parquet = join(dir, 'in.parquet');
    await writeTable(parquet, golden.columns, golden.inputs);
    await run(parquet, join(dir, 'out.jsonl'));
    const scored = await readRecords(join(dir, 'out.jsonl'));
    expect(
      worstError(
        scored.map((r) => Number(r.prediction)),
        golden.expected,
      ),
    ).toBeLessThan(1e-5);

    const csv = join(dir, 'in.csv');
    await writeTable(csv, golden.columns, golden.inputs);
    await run(csv, join(dir, 'out.parquet'));
    const typed = await readRecords(join(dir, 'out.parquet'));
    expect(typed[0]?.['mean radius']).toBeCloseTo(golden.inputs[0]?.[0] as number, 6);
    expect(
      worstError(
        typed.map((r) => Number(r.prediction)),
        golden.expected,
      ),
    ).toBeLessThan(1e-5);
  });

  it('converts integer Parquet columns to the FP32 input only when exact', async () => {
    const path = join(dir, 'integers.parquet');
    const big = 16_777_217n; // 2^24 + 1: no FP32 holds it.
    parquetWriteFile({
      filename: path,
      columnData: golden.columns.map((name, i) =>
        i === 0
          ? { name, data: golden.inputs.slice(0, 5).map(() => big), type: 'INT64' as const }
          : { name, data: golden.inputs.slice(0, 5).map((row) => row[i]), type: 'DOUBLE' as const },
      ),
    });
    await expect(run(path, join(dir, 'never.jsonl'))).rejects.toThrow(
      "Column 'mean radius', row 0: 16777217 is not exactly representable as FP32",
    );
  });

  it('refuses a file with another number of columns before reading its rows', async () => {
    const path = join(dir, 'extra.csv');
    await writeTable(
      path,
      ['id', ...golden.columns],
      golden.inputs.map((row, i) => [`r${i}`, ...row]),
    );
    await expect(run(path, join(dir, 'never.csv'))).rejects.toThrow(
      "input 'input' takes 30 columns, in order, but the table has 31: 'id', 'mean radius'",
    );
  });
});
