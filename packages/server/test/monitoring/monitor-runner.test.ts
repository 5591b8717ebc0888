import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  monitorSpecSchema,
  numericalDistribution,
  parseDataProfile,
  profileTable,
} from '@slipway/core';
import type {
  Column,
  MonitorRunResult,
  MonitorSpecInput,
  MonitorVersionResult,
} from '@slipway/core';
import { silentLogger } from '../../src/logging/logger.js';
import { StoreArtifactUriReader } from '../../src/monitoring/monitors/artifact-uri-reader.js';
import { MonitorRunner } from '../../src/monitoring/monitors/monitor-runner.js';
import { PredictionLogService } from '../../src/prediction-log/prediction-log-service.js';
import { LocalArtifactStore } from '../../src/storage/artifacts/local-artifact-store.js';
import { SqlMonitorStore } from '../../src/storage/sql/monitor-store.js';
import { readTable } from '../../src/monitoring/tables/read-table.js';
import { sqliteBackend } from '../support/sql-backends.js';
import { usePredictionEnv } from '../prediction-log/prediction-fixtures.js';
import { DAY, NOW, driftedRow, referenceCsv, referenceRow, tabular } from './monitor-fixtures.js';

const RUN_ROOT = 'mlflow-artifacts:/1/run-1/artifacts';
const DATASET = 'runs:/run-1/reference.csv';

/** Labels of req-0..req-9 and their positive-class scores: TP x4, FN x2, FP x1, TN x3. */
const LABELLED: [label: number, p1: number][] = [
  [1, 0.9],
  [1, 0.8],
  [1, 0.7],
  [1, 0.6],
  [1, 0.4],
  [1, 0.3],
  [0, 0.65],
  [0, 0.2],
  [0, 0.1],
  [0, 0.35],
];

function spec(overrides: Partial<MonitorSpecInput> = {}) {
  return monitorSpecSchema.parse({
    name: 'fraud-drift',
    deployment: 'fraud',
    reference: { type: 'dataset', uri: DATASET },
    window: { duration: '1d' },
    ...overrides,
  });
}

function version(results: MonitorVersionResult[], v: string | null): MonitorVersionResult {
  const found = results.find((r) => r.version === v);
  if (found === undefined) throw new Error(`no result for version ${String(v)}`);
  return found;
}

function drifted(result: MonitorVersionResult, column: string): boolean | undefined {
  return result.drift?.columns.find((c) => c.column === column)?.driftDetected;
}

describe('MonitorRunner', () => {
  const env = usePredictionEnv(sqliteBackend);
  let dir: string;
  let artifacts: LocalArtifactStore;
  let runner: MonitorRunner;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-monitor-test-'));
    artifacts = await LocalArtifactStore.open(dir);
    await artifacts.put('1/run-1/artifacts/reference.csv', Buffer.from(referenceCsv(240)));
    const predictions = new PredictionLogService(
      env.store,
      undefined as never,
      undefined as never,
      undefined as never,
    );
    const reader = new StoreArtifactUriReader({
      artifacts: {
        getChecked: (path) => artifacts.get(path),
        listChecked: (path) => artifacts.list(path),
      },
      runs: { findInfo: () => Promise.resolve({ artifactUri: RUN_ROOT }) },
      registry: {
        versionFiles: (name, v) =>
          Promise.resolve({ uri: `mlflow-artifacts:/models/${name}/${v}` }),
        resolveUri: () => Promise.reject(new Error('unused')),
      },
    });
    runner = new MonitorRunner({ predictions, artifacts: reader, logger: silentLogger() });
    // Version 1 serves like the reference, version 2 has drifted, version 3 served only 5.
    const records = [
      ...Array.from({ length: 100 }, (_, i) =>
        tabular(i, { ...referenceRow(i), p1: LABELLED[i]?.[1] ?? 0.5 }),
      ),
      ...Array.from({ length: 100 }, (_, i) =>
        tabular(100 + i, { ...driftedRow(i), p1: 0.5 }, { modelVersion: '2' }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        tabular(200 + i, { ...referenceRow(i), p1: 0.5 }, { modelVersion: '3' }),
      ),
      // Last week's traffic, like the reference: what a traffic reference compares with.
      ...Array.from({ length: 120 }, (_, i) =>
        tabular(1000 + i, { ...referenceRow(i), p1: 0.5 }, { time: NOW - 10 * DAY + i * 1000 }),
      ),
    ];
    await env.store.append(records);
    await env.store.attachGroundTruth(
      LABELLED.map(([label], i) => ({
        deployment: 'fraud',
        requestId: `req-${i}`,
        label,
        time: NOW,
      })),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('flags the drifted version, not the stable one, and judges all traffic apart', async () => {
    const run = await runner.run(spec(), { now: NOW, trigger: 'manual' });
    expect(run.error).toBeUndefined();
    expect(run).toMatchObject({
      monitor: 'fraud-drift',
      deployment: 'fraud',
      time: NOW,
      windowStart: NOW - DAY,
      windowEnd: NOW,
      trigger: 'manual',
    });
    expect(run.results.map((r) => [r.version, r.rows, r.judged])).toEqual([
      [null, 205, true],
      ['1', 100, true],
      ['2', 100, true],
      ['3', 5, false],
    ]);
    const stable = version(run.results, '1');
    expect(stable.drift?.datasetDrift).toBe(false);
    expect(drifted(stable, 'age')).toBe(false);
    expect(drifted(stable, 'city')).toBe(false);
    const candidate = version(run.results, '2');
    expect(candidate.drift?.datasetDrift).toBe(true);
    expect(drifted(candidate, 'age')).toBe(true);
    expect(drifted(candidate, 'city')).toBe(true);
    // The reference's label column is not a feature of the traffic, so it is not compared.
    expect(candidate.drift?.columns.map((c) => c.column)).toEqual(['age', 'city']);
    expect(drifted(version(run.results, null), 'age')).toBe(true);
    expect(version(run.results, '3').skipped).toMatch(/5 predictions .* minRows \(30\)/u);
  });

  it('reads a stored profile as the reference', async () => {
    const { profileTable } = await import('@slipway/core');
    const table = await readTable(join(dir, '1/run-1/artifacts/reference.csv'));
    const profile = parseDataProfile(JSON.parse(JSON.stringify(profileTable(table))));
    await artifacts.put('1/run-1/artifacts/profile.json', Buffer.from(JSON.stringify(profile)));
    const run = await runner.run(
      spec({ reference: { type: 'profile', uri: `${RUN_ROOT}/profile.json` } }),
      { now: NOW, trigger: 'schedule' },
    );
    expect(run.error).toBeUndefined();
    expect(version(run.results, '1').drift?.datasetDrift).toBe(false);
    expect(version(run.results, '2').drift?.datasetDrift).toBe(true);
  });

  it('stores the distributions of every tested column, from a dataset or a profile reference', async () => {
    const store = new SqlMonitorStore(env.database);
    const stored = async (run: MonitorRunResult) => {
      const id = await store.appendResult(run);
      const [read] = await store.history({ monitor: run.monitor, limit: 1 });
      expect(read?.id).toBe(id);
      return read!;
    };
    const fromDataset = await stored(await runner.run(spec(), { now: NOW, trigger: 'manual' }));
    const table = await readTable(join(dir, '1/run-1/artifacts/reference.csv'));
    await artifacts.put(
      '1/run-1/artifacts/profile.json',
      Buffer.from(JSON.stringify(profileTable(table))),
    );
    const fromProfile = await stored(
      await runner.run(spec({ reference: { type: 'profile', uri: `${RUN_ROOT}/profile.json` } }), {
        now: NOW,
        trigger: 'manual',
      }),
    );
    for (const run of [fromDataset, fromProfile]) {
      const judged = run.results.filter((r) => r.judged);
      expect(judged.map((r) => r.version)).toEqual([null, '1', '2']);
      for (const result of judged) {
        for (const c of result.drift!.columns) {
          const d = c.distribution;
          expect(d, `${String(result.version)} ${c.column}`).toBeDefined();
          expect(d!.labels.length).toBeGreaterThan(0);
          expect(d!.labels.length).toBeLessThanOrEqual(30);
          for (const side of [d!.reference, d!.current]) {
            expect(side).toHaveLength(d!.labels.length);
            expect(side.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          }
        }
      }
    }
    const age = (run: MonitorRunResult) =>
      version(run.results, '2').drift!.columns.find((c) => c.column === 'age')!.distribution!;
    // Reference ages 20..59, version 2's 60..99: no bin holds both.
    const shifted = age(fromDataset);
    expect(shifted.kind).toBe('numerical');
    expect(shifted.edges?.[0]).toBe(20);
    expect(shifted.edges?.at(-1)).toBe(99);
    shifted.reference.forEach((share, i) => {
      if (share > 0) expect(shifted.current[i]).toBe(0);
    });
    const city = version(fromDataset.results, '2').drift!.columns.find(
      (c) => c.column === 'city',
    )!.distribution!;
    expect(city.labels).toEqual(['c', 'a', 'b']);
    expect(city.current).toEqual([0.9, 0.1, 0]);
    expect(city.reference).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // The profile kept the reference's 240 values, so it draws what the rows draw.
    for (const v of [null, '1', '2']) {
      expect(version(fromProfile.results, v).drift!.columns.map((c) => c.distribution)).toEqual(
        version(fromDataset.results, v).drift!.columns.map((c) => c.distribution),
      );
    }
  });

  it('draws a sketched profile reference from its quantile sketch', async () => {
    const ages = Float64Array.from({ length: 20_000 }, (_, i) => 20 + ((i * 7919) % 4000) / 100);
    const profile = profileTable(
      {
        columnNames: ['age', 'city'],
        columns: new Map<string, Column>([
          ['age', ages],
          ['city', Array.from({ length: 20_000 }, (_, i) => ['a', 'b', 'c'][i % 3]!)],
        ]),
        rowCount: 20_000,
      },
      { maxExactValues: 0, maxNumericValueCounts: 10 },
    );
    await artifacts.put('1/run-1/artifacts/sketch.json', Buffer.from(JSON.stringify(profile)));
    const run = await runner.run(
      spec({ reference: { type: 'profile', uri: `${RUN_ROOT}/sketch.json` } }),
      { now: NOW, trigger: 'manual' },
    );
    expect(run.error).toBeUndefined();
    const d = version(run.results, '1').drift!.columns.find(
      (c) => c.column === 'age',
    )!.distribution!;
    expect(d.labels).toHaveLength(30);
    // The exact shares from the rows, against version 1's ages: within twice the 1% rank error.
    const exact = numericalDistribution(
      ages,
      Float64Array.from({ length: 100 }, (_, i) => referenceRow(i).age),
    );
    expect(d.edges).toEqual(exact.edges);
    expect(d.current).toEqual(exact.current);
    const errors = d.reference.map((share, i) => Math.abs(share - exact.reference[i]!));
    expect(Math.max(...errors)).toBeLessThanOrEqual(0.02);
    expect(Math.max(...errors)).toBeGreaterThan(0);
  });

  it("compares with the deployment's own earlier traffic", async () => {
    const run = await runner.run(
      spec({ reference: { type: 'traffic', from: '14d', to: '7d', version: '1' } }),
      { now: NOW, trigger: 'manual' },
    );
    expect(run.error).toBeUndefined();
    expect(drifted(version(run.results, '1'), 'age')).toBe(false);
    expect(drifted(version(run.results, '2'), 'age')).toBe(true);
    const none = await runner.run(
      spec({ reference: { type: 'traffic', from: '30d', to: '20d' } }),
      { now: NOW, trigger: 'manual' },
    );
    expect(version(none.results, '1')).toMatchObject({ judged: false });
    expect(version(none.results, '1').skipped).toMatch(/No reference rows/u);
  });

  it('reads a dataset reference once while it is unchanged', async () => {
    let reads = 0;
    const counting = new StoreArtifactUriReader({
      artifacts: {
        getChecked: (path) => {
          reads += 1;
          return artifacts.get(path);
        },
        listChecked: (path) => artifacts.list(path),
      },
      runs: { findInfo: () => Promise.resolve({ artifactUri: RUN_ROOT }) },
      registry: {
        versionFiles: () => Promise.reject(new Error('unused')),
        resolveUri: () => Promise.reject(new Error('unused')),
      },
    });
    const predictions = new PredictionLogService(
      env.store,
      undefined as never,
      undefined as never,
      undefined as never,
    );
    const cached = new MonitorRunner({ predictions, artifacts: counting, logger: silentLogger() });
    await cached.run(spec(), { now: NOW, trigger: 'schedule' });
    await cached.run(spec(), { now: NOW + 60_000, trigger: 'schedule' });
    expect(reads).toBe(1);
    // A replaced file of another size is read again.
    await artifacts.put('1/run-1/artifacts/reference.csv', Buffer.from(referenceCsv(300)));
    const run = await cached.run(spec(), { now: NOW, trigger: 'schedule' });
    expect(reads).toBe(2);
    expect(version(run.results, '2').drift?.datasetDrift).toBe(true);
  });

  it('runs the validation suite on each version', async () => {
    const run = await runner.run(
      spec({
        validation: {
          suite: {
            name: 'ages',
            expectations: [
              {
                expectation_type: 'expect_column_values_to_not_be_null',
                kwargs: { column: 'age' },
              },
              {
                expectation_type: 'expect_column_values_to_be_between',
                kwargs: { column: 'age', min_value: 0, max_value: 70 },
              },
            ],
          },
        },
      }),
      { now: NOW, trigger: 'manual' },
    );
    expect(version(run.results, '1').validation).toEqual({
      success: true,
      evaluated: 2,
      failed: 0,
      failedExpectations: [],
    });
    expect(version(run.results, '2').validation).toEqual({
      success: false,
      evaluated: 2,
      failed: 1,
      failedExpectations: ['expect_column_values_to_be_between (age)'],
    });
  });

  it('scores classification against ground truth', async () => {
    const run = await runner.run(spec({ performance: { task: 'classification' } }), {
      now: NOW,
      trigger: 'manual',
    });
    const perf = version(run.results, '1').performance!;
    expect(perf.task).toBe('classification');
    expect(perf.labelled).toBe(10);
    expect(perf.coverage).toBeCloseTo(0.1, 12);
    const m = perf.metrics;
    // By hand from LABELLED: TP 4, FN 2, FP 1, TN 3; 20 of 24 positive-negative pairs ordered.
    expect(m['accuracy']?.value).toBeCloseTo(0.7, 12);
    expect(m['precision']?.value).toBeCloseTo(0.8, 12);
    expect(m['recall']?.value).toBeCloseTo(4 / 6, 12);
    expect(m['f1']?.value).toBeCloseTo(8 / 11, 12);
    expect(m['roc_auc']?.value).toBeCloseTo(20 / 24, 12);
    // -mean(log p(true class)), computed with Python's math.log from the same scores.
    expect(m['log_loss']?.value).toBeCloseTo(0.51253773, 6);
    const all = version(run.results, null).performance!;
    expect(all.coverage).toBeCloseTo(10 / 205, 12);
    expect(version(run.results, '2').performance?.metrics['accuracy']).toEqual({
      value: null,
      reason: 'no ground truth in the window',
    });
  });

  it('takes the last N predictions', async () => {
    const run = await runner.run(spec({ window: { last: 50 } }), { now: NOW, trigger: 'manual' });
    expect(run.results.map((r) => [r.version, r.rows])).toEqual([
      [null, 50],
      ['2', 45],
      ['3', 5],
    ]);
    expect(run.windowStart).toBe(NOW - DAY / 2 + 155 * 1000);
  });

  it('returns errors instead of throwing', async () => {
    const missing = await runner.run(
      spec({ reference: { type: 'dataset', uri: 'runs:/run-1/nope.csv' } }),
      {
        now: NOW,
        trigger: 'schedule',
      },
    );
    expect(missing.results).toEqual([]);
    expect(missing.error).toMatch(/runs:\/run-1\/nope\.csv could not be read: No file/u);
    const feature = await runner.run(spec({ features: ['age', 'income'] }), {
      now: NOW,
      trigger: 'manual',
    });
    expect(feature.error).toContain("'income'");
    expect(feature.error).toContain('they have: age, city');
    const suite = await runner.run(
      spec({
        validation: { suite: { name: 's', expectations: [{ expectation_type: 'expect_magic' }] } },
      }),
      { now: NOW, trigger: 'manual' },
    );
    expect(suite.error).toMatch(/^The validation suite is invalid: /u);
    const notProfile = await runner.run(spec({ reference: { type: 'profile', uri: DATASET } }), {
      now: NOW,
      trigger: 'manual',
    });
    expect(notProfile.error).toMatch(/not JSON/u);
  });
});

describe('MonitorRunner on tensor inputs', () => {
  const env = usePredictionEnv(sqliteBackend);

  it('names positions <input>[j] and reads batches row by row', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      requestId: `v-${i}`,
      deployment: 'vec',
      modelName: 'vec-model',
      modelVersion: '1',
      inputs: [
        {
          name: 'x',
          datatype: 'FP32' as const,
          shape: [2, 3],
          data: [i, 1, i % 2, i + 0.5, 1, 1 - (i % 2)],
        },
      ],
      outputs: [{ name: 'y', datatype: 'INT64' as const, shape: [2], data: ['0', '1'] }],
      latencyMs: 1,
      status: 'ok' as const,
      time: NOW - 1000 * (i + 1),
    }));
    const earlier = records.map((r, i) => ({
      ...r,
      requestId: `old-${i}`,
      time: NOW - 2 * 3_600_000 - i * 1000,
    }));
    await env.store.append([...records, ...earlier]);
    const traffic = {
      readWindow: (deployment: string, window: Parameters<PredictionLogService['readWindow']>[1]) =>
        new PredictionLogService(
          env.store,
          undefined as never,
          undefined as never,
          undefined as never,
        ).readWindow(deployment, window),
    };
    const runner = new MonitorRunner({
      predictions: traffic,
      artifacts: { locate: () => Promise.reject(new Error('unused')) },
      logger: silentLogger(),
    });
    const base = {
      name: 'vec',
      deployment: 'vec',
      reference: { type: 'traffic', from: '1d', to: '1h' },
      window: { duration: '1h' },
    } as const;
    const run = await runner.run(monitorSpecSchema.parse({ ...base, features: ['x[0]', 'x[2]'] }), {
      now: NOW,
      trigger: 'manual',
    });
    expect(run.error).toBeUndefined();
    expect(run.results[0]).toMatchObject({ version: null, rows: 40, judged: true });
    // 40 requests of batch 2: 80 rows on each side, same distribution.
    expect(
      run.results[0]?.drift?.columns.map((c) => [
        c.column,
        c.referenceCount,
        c.currentCount,
        c.driftDetected,
      ]),
    ).toEqual([
      ['x[0]', 80, 80, false],
      ['x[2]', 80, 80, false],
    ]);
    const bad = await runner.run(monitorSpecSchema.parse({ ...base, features: ['x[3]'] }), {
      now: NOW,
      trigger: 'manual',
    });
    expect(bad.error).toContain('they have: x[0], x[1], x[2]');
  });
});
