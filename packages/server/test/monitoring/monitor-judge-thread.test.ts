import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ANONYMOUS_CALLER, monitorSpecSchema, profileTable } from '@slipway/core';
import type { MonitorSpecInput, PredictionRecord } from '@slipway/core';
import { silentLogger } from '../../src/logging/logger.js';
import { StoreArtifactUriReader } from '../../src/monitoring/monitors/artifact-uri-reader.js';
import {
  MonitorJudgeThread,
  crashNextMonitorJudgeForTest,
} from '../../src/monitoring/monitors/monitor-judge-thread.js';
import { MonitorRunner } from '../../src/monitoring/monitors/monitor-runner.js';
import { readTable } from '../../src/monitoring/tables/read-table.js';
import { PredictionLogService } from '../../src/prediction-log/prediction-log-service.js';
import { LocalArtifactStore } from '../../src/storage/artifacts/local-artifact-store.js';
import { openNativeHarness } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { usePredictionEnv } from '../prediction-log/prediction-fixtures.js';
import { prediction, seedDeployment } from './monitor-api-fixtures.js';
import { DAY, NOW, driftedRow, referenceCsv, referenceRow, tabular } from './monitor-fixtures.js';

const RUN_ROOT = 'mlflow-artifacts:/1/run-1/artifacts';
const HOUR = 3_600_000;

function spec(overrides: Partial<MonitorSpecInput> = {}) {
  return monitorSpecSchema.parse({
    name: 'fraud-drift',
    deployment: 'fraud',
    reference: { type: 'dataset', uri: 'runs:/run-1/reference.csv' },
    window: { duration: '1d' },
    ...overrides,
  });
}

/** Requests of batch 2 with a [2, 3] input and INT64 outputs (strings in the log), labelled. */
function vector(i: number, time: number): PredictionRecord {
  return {
    requestId: `vec-${i}-${time}`,
    deployment: 'fraud',
    modelName: 'vec',
    modelVersion: '4',
    inputs: [
      {
        name: 'x',
        datatype: 'FP32',
        shape: [2, 3],
        data: [i, 1, i % 2, i + 0.5, 'NaN', 1 - (i % 2)],
      },
      { name: 'flag', datatype: 'BOOL', shape: [2], data: [i % 2 === 0, true] },
    ],
    outputs: [{ name: 'y', datatype: 'INT64', shape: [2], data: [String(i % 2), '1'] }],
    latencyMs: 2,
    status: 'ok',
    time,
  };
}

describe.each(SQL_BACKENDS)('MonitorJudgeThread on $name', (backend) => {
  const env = usePredictionEnv(backend);
  let dir: string;
  let thread: MonitorJudgeThread;
  let warnings: string[];
  let inline: MonitorRunner;
  let threaded: MonitorRunner;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-judge-thread-'));
    const artifacts = await LocalArtifactStore.open(dir);
    await artifacts.put('1/run-1/artifacts/reference.csv', Buffer.from(referenceCsv(240)));
    const table = await readTable(join(dir, '1/run-1/artifacts/reference.csv'));
    const profile = JSON.stringify(profileTable(table));
    await artifacts.put('1/run-1/artifacts/profile.json', Buffer.from(profile));
    const deps = {
      predictions: new PredictionLogService(
        env.store,
        undefined as never,
        undefined as never,
        undefined as never,
      ),
      artifacts: new StoreArtifactUriReader({
        artifacts: {
          getChecked: (path) => artifacts.get(path),
          listChecked: (path) => artifacts.list(path),
        },
        runs: { findInfo: () => Promise.resolve({ artifactUri: RUN_ROOT }) },
        registry: {
          versionFiles: () => Promise.reject(new Error('unused')),
          resolveUri: () => Promise.reject(new Error('unused')),
        },
      }),
      logger: silentLogger(),
    };
    warnings = [];
    // The main connection is never read for a threaded run: the thread reads over its own.
    thread = new MonitorJudgeThread({
      storeUri: env.uri,
      read: () => Promise.reject(new Error('read on the main connection')),
      onWarning: (message) => warnings.push(message),
    });
    inline = new MonitorRunner(deps);
    threaded = new MonitorRunner({ ...deps, judge: thread });
    const labels = [1, 1, 0, 1, 0, 0, 1, 0, 1, 1];
    await env.store.append([
      ...Array.from({ length: 100 }, (_, i) =>
        tabular(i, { ...referenceRow(i), p1: ((i * 37) % 100) / 100 }),
      ),
      ...Array.from({ length: 100 }, (_, i) =>
        tabular(100 + i, { ...driftedRow(i), p1: 0.5 }, { modelVersion: '2' }),
      ),
      ...Array.from({ length: 120 }, (_, i) =>
        tabular(1000 + i, { ...referenceRow(i), p1: 0.5 }, { time: NOW - 10 * DAY + i * 1000 }),
      ),
      { ...tabular(300, { ...driftedRow(1), p1: 0.5 }), status: 'error', outputs: [] },
    ]);
    await env.store.attachGroundTruth(
      labels.map((label, i) => ({ deployment: 'fraud', requestId: `req-${i}`, label, time: NOW })),
    );
  });
  afterEach(async () => {
    // Before the database is dropped: the thread closes its own connection.
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('judges a window exactly as inline judging does', async () => {
    const suite = {
      name: 'ages',
      expectations: [
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'age' } },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'age', min_value: 0, max_value: 70 },
        },
      ],
    };
    const specs = [
      spec({ performance: { task: 'classification' }, validation: { suite } }),
      spec({ reference: { type: 'profile', uri: `${RUN_ROOT}/profile.json` } }),
      spec({ reference: { type: 'traffic', from: '14d', to: '7d' }, window: { last: 150 } }),
      spec({ features: ['age', 'income'] }),
    ];
    for (const s of specs) {
      const [expected, actual] = await Promise.all([
        inline.run(s, { now: NOW, trigger: 'manual' }),
        threaded.run(s, { now: NOW, trigger: 'manual' }),
      ]);
      expect(actual).toEqual(expected);
    }
    const judged = await threaded.run(specs[0]!, { now: NOW, trigger: 'manual' });
    expect(judged.error).toBeUndefined();
    expect(judged.results.map((r) => [r.version, r.rows, r.judged])).toEqual([
      [null, 200, true],
      ['1', 100, true],
      ['2', 100, true],
    ]);
    expect(judged.results[1]?.performance?.labelled).toBe(10);
    expect(judged.results[2]?.drift?.datasetDrift).toBe(true);
    const failed = await threaded.run(specs[3]!, { now: NOW, trigger: 'manual' });
    expect(failed.error).toContain("'income'");
    expect(thread.mode).toBe('thread');
    expect(warnings).toEqual([]);
  });

  it('reads tensors of any datatype and batches as inline judging does, runs queued', async () => {
    const times = Array.from({ length: 40 }, (_, i) => NOW - 1000 * (i + 1));
    await env.store.append([
      ...times.map((t, i) => vector(i, t)),
      ...times.map((t, i) => vector(i, t - 2 * HOUR)),
    ]);
    await env.store.attachGroundTruth(
      times.map((t, i) => ({
        deployment: 'fraud',
        requestId: `vec-${i}-${t}`,
        label: [i % 2, i % 3 === 0 ? '1' : 0],
        time: NOW,
      })),
    );
    const s = spec({
      reference: { type: 'traffic', from: '1d', to: '1h', version: '4' },
      window: { duration: '1h' },
      features: ['x[0]', 'x[1]', 'x[2]', 'flag'],
      performance: { task: 'classification', metrics: ['accuracy', 'f1'] },
    });
    const runs = await Promise.all(
      [1, 2, 3].map(() => threaded.run(s, { now: NOW, trigger: 'manual' })),
    );
    const expected = await inline.run(s, { now: NOW, trigger: 'manual' });
    expect(expected.error).toBeUndefined();
    expect(expected.results.find((r) => r.version === '4')?.judged).toBe(true);
    for (const run of runs) expect(run).toEqual(expected);
    expect(thread.mode).toBe('thread');
  });

  it('reads rows the main connection committed just before the run', async () => {
    const s = spec({ window: { duration: '1d' } });
    const first = await threaded.run(s, { now: NOW, trigger: 'manual' });
    expect(first.results.map((r) => [r.version, r.rows])).toEqual([
      [null, 200],
      ['1', 100],
      ['2', 100],
    ]);
    // The thread's connection is open (and, on SQLite, has read the file) before these commit.
    await env.store.append(
      Array.from({ length: 30 }, (_, i) =>
        tabular(2000 + i, { ...referenceRow(i), p1: 0.5 }, { modelVersion: '3' }),
      ),
    );
    const next = await threaded.run(s, { now: NOW, trigger: 'manual' });
    expect(next.error).toBeUndefined();
    expect(next.results.map((r) => [r.version, r.rows, r.serving?.requests])).toEqual([
      [null, 230, 231],
      ['1', 100, 101],
      ['2', 100, 100],
      ['3', 30, 30],
    ]);
    expect(next).toEqual(await inline.run(s, { now: NOW, trigger: 'manual' }));
  });

  it('closes its own connection when closed, and judges no more', async () => {
    const connections = async (): Promise<number> => {
      const result = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database()`.execute(env.database.db);
      return result.rows[0]!.n;
    };
    const before = backend.name === 'postgres' ? await connections() : 0;
    const s = spec({ window: { duration: '1d' } });
    expect((await threaded.run(s, { now: NOW, trigger: 'manual' })).error).toBeUndefined();
    if (backend.name === 'postgres') expect(await connections()).toBeGreaterThan(before);
    await thread.close();
    const closed = await threaded.run(s, { now: NOW, trigger: 'manual' });
    expect(closed.error).toBe('The server is shutting down; the monitor run was not judged.');
    if (backend.name === 'postgres') {
      // The server ends a backend process shortly after its client hangs up.
      let now = await connections();
      for (let i = 0; i < 50 && now !== before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await connections();
      }
      expect(now).toBe(before);
    }
  });
});

describe('a monitor thread over an in-memory SQLite database', () => {
  it('reads and judges inline, since no second connection could see that database', () => {
    const thread = new MonitorJudgeThread({
      storeUri: 'sqlite::memory:',
      read: () => Promise.reject(new Error('unused')),
    });
    expect(thread.mode).toBe('inline');
  });
});

describe('a crash of the judging thread', () => {
  let h: NativeHarness;
  const admin = ANONYMOUS_CALLER;
  const now = Date.now();

  beforeAll(async () => {
    h = await openNativeHarness();
    await seedDeployment(h.platform, 'fraud', now);
    await h.platform.predictionLogStore.append([
      ...Array.from({ length: 60 }, (_, i) => prediction('fraud', i, i / 60, now - 10 * DAY + i)),
      ...Array.from({ length: 40 }, (_, i) => prediction('fraud', i, i / 40, now - HOUR / 2 + i)),
    ]);
  });
  afterAll(async () => h?.close());

  it('fails that run, stored with a readable error, and the next run works', async () => {
    const { monitors } = h.platform;
    await monitors.apply(admin, {
      name: 'crashing',
      deployment: 'fraud',
      reference: { type: 'traffic', from: '14d', to: '7d' },
      window: { duration: '1h' },
      minRows: 5,
    });
    crashNextMonitorJudgeForTest();
    const crashed = await monitors.run(admin, 'crashing');
    expect(crashed.results).toEqual([]);
    expect(crashed.error).toMatch(
      /^The monitor judging thread stopped \(exit code 1: crash requested by a test\) while judging this run, so it was not judged; the next run starts a new thread\.$/u,
    );
    const next = await monitors.run(admin, 'crashing');
    expect(next.error).toBeUndefined();
    expect(next.results.map((r) => [r.version, r.rows, r.judged])).toEqual([
      [null, 40, true],
      ['1', 40, true],
    ]);
    const history = await monitors.history(admin, 'crashing', {});
    expect(history.map((run) => run.error)).toEqual([undefined, crashed.error]);
  });
});
