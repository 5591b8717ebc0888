import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewPipelineRun, PlannedStep, StepChange, StepGuard } from '@slipway/core';
import { SqlPermissionStore } from '../../src/storage/sql/permission-store.js';
import { SqlPipelineStore } from '../../src/storage/sql/pipeline-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SqlUnitOfWork } from '../../src/storage/sql/unit-of-work.js';
import { SqlUserStore } from '../../src/storage/sql/user-store.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { planned as step } from '../pipelines/pipeline-fixtures.js';

const DIGEST = 'c'.repeat(64);
const WINDOW = { limit: 1000, offset: 0 };

function newRun(pipeline: string, steps: PlannedStep[], createdAt = 1_000): NewPipelineRun {
  return {
    runId: randomUUID().replaceAll('-', ''),
    pipeline,
    params: { rows: 10, tags: ['a', 'b'] },
    spec: { name: pipeline, steps: [] },
    trigger: { type: 'manual' },
    createdBy: 'alice',
    createdAt,
    steps,
  };
}

const START: StepGuard = { statuses: ['pending', 'queued'], notCancelled: true };
const running = (worker: string, now: number): StepChange => ({
  status: 'running',
  newAttempt: true,
  worker,
  startedAt: now,
  heartbeatAt: now,
});
const succeeded = (now: number): StepChange => ({
  status: 'succeeded',
  finishedAt: now,
  outputs: [],
  outputsDigest: DIGEST,
});

describe.each(SQL_BACKENDS)('PipelineStore contract ($name)', (backend) => {
  let database: SqlDatabase;
  let store: SqlPipelineStore;
  let uow: SqlUnitOfWork;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlPipelineStore(database);
    uow = new SqlUnitOfWork(database);
  });

  afterAll(async () => {
    await dispose?.();
  });

  it('records a run with its planned steps in order, every step pending, and reads it back', async () => {
    const planned = [
      step('prepare', [], { env: { A: '1' }, files: ['data/*.csv'], params: { rows: 10 } }),
      step('train[0]', ['prepare'], { index: 0, item: 'x', retries: 2, timeoutMs: 600_000 }),
      step('train[1]', ['prepare'], { index: 1, item: 7, interpreter: 'python 3.11' }),
      step('report', ['train[0]', 'train[1]'], { cache: { enabled: false, ttlMs: 5 } }),
    ];
    const input = { ...newRun('round-trip', planned), resumeOf: 'previous-run' };
    input.trigger = { type: 'schedule', detail: 'nightly' };
    const created = await store.createRun(input);
    expect(created).toEqual({
      runId: input.runId,
      pipeline: 'round-trip',
      status: 'running',
      params: input.params,
      spec: input.spec,
      trigger: { type: 'schedule', detail: 'nightly' },
      resumeOf: 'previous-run',
      createdBy: 'alice',
      createdAt: 1_000,
      cancelRequested: false,
      steps: planned.map((p) => ({ ...p, status: 'pending', attempt: 0, outputs: [] })),
    });
    expect(await store.getRun(input.runId)).toEqual(created);
    const { steps: _steps, ...info } = created;
    expect(await store.getRunInfo(input.runId)).toEqual(info);
    expect((await store.getSteps(input.runId, ['report', 'prepare'])).map((s) => s.key)).toEqual([
      'prepare',
      'report',
    ]);
    expect(await store.getRun('absent')).toBeUndefined();
    await expect(store.createRun(input)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('changes a step only when its guard holds, and says why not', async () => {
    const run = await store.createRun(newRun('guards', [step('a'), step('b', ['a'])]));
    const queued = await store.transitionStep(
      run.runId,
      'a',
      { statuses: ['pending'] },
      { status: 'queued' },
      2_000,
    );
    expect(queued).toMatchObject({ changed: true, step: { status: 'queued', attempt: 0 } });
    const again = await store.transitionStep(
      run.runId,
      'a',
      { statuses: ['pending'] },
      { status: 'queued' },
      2_001,
    );
    expect(again).toMatchObject({
      changed: false,
      step: { status: 'queued' },
      cancelRequested: false,
    });

    const started = await store.transitionStep(run.runId, 'a', START, running('w1', 3_000), 3_000);
    expect(started).toMatchObject({
      changed: true,
      step: { status: 'running', attempt: 1, worker: 'w1', startedAt: 3_000, heartbeatAt: 3_000 },
    });
    expect((await store.getRunInfo(run.runId))?.startedAt).toBe(3_000);

    // Another worker: refused while the heartbeat is fresh, taken over once it is stale.
    const stale = (before: number): StepGuard => ({ ...START, staleBefore: before });
    expect(
      (await store.transitionStep(run.runId, 'a', stale(3_000), running('w2', 3_500), 3_500))
        .changed,
    ).toBe(false);
    expect(await store.heartbeat(run.runId, 'a', 'w2', 3_600)).toBe(false);
    expect(await store.heartbeat(run.runId, 'a', 'w1', 4_000)).toBe(true);
    expect(
      (await store.transitionStep(run.runId, 'a', stale(4_000), running('w2', 9_000), 9_000))
        .changed,
    ).toBe(false);
    const takeover = await store.transitionStep(
      run.runId,
      'a',
      stale(4_001),
      running('w2', 9_000),
      9_000,
    );
    expect(takeover).toMatchObject({ changed: true, step: { worker: 'w2', attempt: 2 } });
    // The run started once: its first start is kept.
    expect((await store.getRunInfo(run.runId))?.startedAt).toBe(3_000);

    // Only the worker running it finishes it, when the guard names the worker.
    const byW1 = await store.transitionStep(
      run.runId,
      'a',
      { statuses: ['running'], worker: 'w1' },
      succeeded(9_500),
      9_500,
    );
    expect(byW1).toMatchObject({ changed: false, step: { status: 'running', worker: 'w2' } });
    const done = await store.transitionStep(
      run.runId,
      'a',
      { statuses: ['running'], worker: 'w2' },
      succeeded(9_500),
      9_500,
    );
    expect(done).toMatchObject({
      changed: true,
      step: { status: 'succeeded', outputs: [], outputsDigest: DIGEST, durationMs: 500 },
    });
    expect(await store.transitionStep(run.runId, 'missing', START, running('w', 1), 1)).toEqual({
      changed: false,
      step: undefined,
      cancelRequested: false,
    });
  });

  it('lets exactly one of several concurrent starts of a step win', async () => {
    const run = await store.createRun(newRun('race', [step('only')]));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        uow.run((s) =>
          s.pipelines.transitionStep(run.runId, 'only', START, running(`w${i}`, 5), 5),
        ),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const [only] = await store.getSteps(run.runId, ['only']);
    expect(only?.attempt).toBe(1);
  });

  it('finishes the run exactly once, with its last step, even when the last two finish together', async () => {
    for (let round = 0; round < 3; round++) {
      const run = await store.createRun(newRun('finish-race', [step('x'), step('y')]));
      for (const key of ['x', 'y']) {
        await store.transitionStep(run.runId, key, START, running(key, 10), 10);
      }
      const finish = (key: string) =>
        uow.run(async (s) => {
          const t = await s.pipelines.transitionStep(
            run.runId,
            key,
            { statuses: ['running'] },
            succeeded(20),
            20,
          );
          expect(t.changed).toBe(true);
          return s.pipelines.completeRun(run.runId, 20);
        });
      const statuses = await Promise.all([finish('x'), finish('y')]);
      expect(statuses.filter((s) => s !== undefined)).toEqual(['succeeded']);
      expect(await store.getRunInfo(run.runId)).toMatchObject({
        status: 'succeeded',
        finishedAt: 20,
      });
    }
  });

  it('completes a run as failed, cancelled or succeeded from its steps', async () => {
    const finishAll = async (statuses: Array<StepChange['status']>, cancel = false) => {
      const run = await store.createRun(
        newRun(
          'outcomes',
          statuses.map((_, i) => step(`s${i}`)),
        ),
      );
      if (cancel) await store.requestCancel(run.runId, 1);
      for (const [i, status] of statuses.entries()) {
        expect(await store.completeRun(run.runId, 2)).toBeUndefined();
        const guard = { statuses: ['pending', 'queued', 'running'] } as const;
        await store.transitionStep(run.runId, `s${i}`, guard, { status, finishedAt: 2 }, 2);
      }
      return store.completeRun(run.runId, 3);
    };
    expect(await finishAll(['succeeded', 'cached', 'skipped'])).toBe('succeeded');
    expect(await finishAll(['succeeded', 'failed', 'cancelled'])).toBe('failed');
    expect(await finishAll(['succeeded', 'cancelled'])).toBe('cancelled');
    expect(await finishAll(['succeeded'], false)).toBe('succeeded');
  });

  it('cancels pending and queued steps, leaves running ones, and refuses new starts', async () => {
    const run = await store.createRun(newRun('cancel', [step('a'), step('b'), step('c')]));
    await store.transitionStep(run.runId, 'a', START, running('w', 1), 1);
    await store.transitionStep(run.runId, 'b', { statuses: ['pending'] }, { status: 'queued' }, 1);
    expect(await store.requestCancel(run.runId, 5)).toEqual(['b', 'c']);
    const after = await store.getRun(run.runId);
    expect(after?.cancelRequested).toBe(true);
    expect(after?.steps.map((s) => s.status)).toEqual(['running', 'cancelled', 'cancelled']);
    expect(after?.steps[1]?.finishedAt).toBe(5);
    const refused = await store.transitionStep(
      run.runId,
      'a',
      { ...START, staleBefore: 100 },
      running('w2', 200),
      200,
    );
    expect(refused).toMatchObject({ changed: false, cancelRequested: true });
    expect(await store.completeRun(run.runId, 6)).toBeUndefined();
    await store.transitionStep(
      run.runId,
      'a',
      { statuses: ['running'] },
      { status: 'cancelled', finishedAt: 7 },
      7,
    );
    expect(await store.completeRun(run.runId, 7)).toBe('cancelled');
    expect(await store.requestCancel(run.runId, 8)).toBeUndefined();
    expect(await store.requestCancel('absent', 8)).toBeUndefined();
  });

  it('finds the newest succeeded step with a cache key, within a time limit', async () => {
    const key = `key-${backend.name}`;
    const outputs = [{ path: 'model.bin', digest: DIGEST, size: 3 }];
    const make = async (
      pipeline: string,
      finishedAt: number,
      status: 'succeeded' | 'cached' | 'failed',
    ) => {
      const run = await store.createRun(newRun(pipeline, [step('train')]));
      await store.transitionStep(
        run.runId,
        'train',
        START,
        { ...running('w', 1), cacheKey: key },
        1,
      );
      await store.transitionStep(
        run.runId,
        'train',
        { statuses: ['running'] },
        {
          status,
          finishedAt,
          outputs,
          outputsDigest: DIGEST,
        },
        finishedAt,
      );
      return run.runId;
    };
    expect(await store.findCached(key, undefined)).toBeUndefined();
    const older = await make('cache-a', 100, 'succeeded');
    const newer = await make('cache-b', 200, 'succeeded');
    await make('cache-a', 300, 'cached');
    await make('cache-a', 400, 'failed');
    expect(await store.findCached(key, undefined)).toEqual({
      runId: newer,
      stepKey: 'train',
      outputs,
      outputsDigest: DIGEST,
      finishedAt: 200,
    });
    expect((await store.findCached(key, 150))?.runId).toBe(newer);
    expect(await store.findCached(key, 201)).toBeUndefined();
    expect(await store.findCached('other', undefined)).toBeUndefined();

    const user = await new SqlUserStore(database).createUser({
      username: `cache-reader`,
      passwordHash: 'x',
      isAdmin: false,
      time: 1,
    });
    await new SqlPermissionStore(database).set('pipeline', 'cache-b', user.id, 'NO_PERMISSIONS');
    const readable = { userId: user.id, defaultPermission: 'READ' as const };
    expect((await store.findCached(key, undefined, readable))?.runId).toBe(older);
  });

  it('numbers log entries per step and keeps at most the byte budget, then one marker', async () => {
    const run = await store.createRun(newRun('logs', [step('a'), step('b')]));
    const limits = { maxBytes: 20, marker: '[truncated]' };
    expect(
      await store.appendLogs(
        run.runId,
        'a',
        [
          { stream: 'stdout', text: 'hello\n' },
          { stream: 'stderr', text: 'oops\n' },
        ],
        10,
        limits,
      ),
    ).toEqual({ appended: 2, truncated: false });
    expect(
      await store.appendLogs(run.runId, 'b', [{ stream: 'system', text: 'b' }], 10, limits),
    ).toEqual({
      appended: 1,
      truncated: false,
    });
    // 11 bytes used; 'ü' is 2 bytes, so 9 bytes hold 'abc' and three 'ü' but not the fourth.
    expect(
      await store.appendLogs(
        run.runId,
        'a',
        [
          { stream: 'stdout', text: 'abcüüüü' },
          { stream: 'stdout', text: 'dropped' },
        ],
        11,
        limits,
      ),
    ).toEqual({ appended: 1, truncated: true });
    expect(
      await store.appendLogs(run.runId, 'a', [{ stream: 'stdout', text: 'later' }], 12, limits),
    ).toEqual({
      appended: 0,
      truncated: true,
    });
    const all = await store.readLogs(run.runId, 'a', 0, 100);
    expect(all).toEqual({
      truncated: true,
      entries: [
        { seq: 1, stream: 'stdout', text: 'hello\n', at: 10 },
        { seq: 2, stream: 'stderr', text: 'oops\n', at: 10 },
        { seq: 3, stream: 'stdout', text: 'abcüüü', at: 11 },
        { seq: 4, stream: 'system', text: '[truncated]', at: 11 },
      ],
    });
    const page = await store.readLogs(run.runId, 'a', 1, 2);
    expect(page?.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect((await store.readLogs(run.runId, 'b', 0, 10))?.entries).toHaveLength(1);
    expect(await store.readLogs(run.runId, 'missing', 0, 10)).toBeUndefined();
    expect(
      await store.appendLogs(run.runId, 'missing', [{ stream: 'stdout', text: 'x' }], 1, limits),
    ).toBeUndefined();
  });

  it('lists runs newest first with step counts, and pipelines with their last run', async () => {
    const first = await store.createRun(newRun('listed', [step('a'), step('b')], 10_000));
    const second = await store.createRun(newRun('listed', [step('a')], 20_000));
    await store.transitionStep(second.runId, 'a', START, running('w', 20_001), 20_001);
    await store.transitionStep(
      second.runId,
      'a',
      { statuses: ['running'] },
      succeeded(20_002),
      20_002,
    );
    await store.completeRun(second.runId, 20_002);
    await store.createRun(newRun('listed-too', [step('a')], 15_000));

    const runs = await store.listRuns({ pipeline: 'listed' }, WINDOW);
    expect(runs.items.map((r) => r.runId)).toEqual([second.runId, first.runId]);
    expect(runs.items[0]).toMatchObject({ status: 'succeeded', stepCounts: { succeeded: 1 } });
    expect(runs.items[1]?.stepCounts).toEqual({ pending: 2 });
    const done = await store.listRuns({ pipeline: 'listed', status: 'succeeded' }, WINDOW);
    expect(done.items.map((r) => r.runId)).toEqual([second.runId]);
    const page = await store.listRuns({ pipeline: 'listed' }, { limit: 1, offset: 0 });
    expect(page).toMatchObject({ nextOffset: 1, items: [{ runId: second.runId }] });

    const pipelines = (await store.listPipelines(WINDOW)).items;
    expect(pipelines.map((p) => p.name)).toEqual([...pipelines.map((p) => p.name)].sort());
    expect(pipelines.find((p) => p.name === 'listed')).toEqual({
      name: 'listed',
      runCount: 2,
      lastRun: { runId: second.runId, status: 'succeeded', createdAt: 20_000 },
    });
    expect(await store.hasRuns('listed')).toBe(true);
    expect(await store.hasRuns('never')).toBe(false);

    const user = await new SqlUserStore(database).createUser({
      username: 'list-reader',
      passwordHash: 'x',
      isAdmin: false,
      time: 1,
    });
    await new SqlPermissionStore(database).set('pipeline', 'listed', user.id, 'NO_PERMISSIONS');
    const readable = { userId: user.id, defaultPermission: 'READ' as const };
    const names = (await store.listPipelines(WINDOW, readable)).items.map((p) => p.name);
    expect(names).toContain('listed-too');
    expect(names).not.toContain('listed');
    expect((await store.listRuns({ pipeline: 'listed' }, WINDOW, readable)).items).toEqual([]);
  });

  it('rolls a run back with the unit of work that wrote it', async () => {
    const input = newRun('rolled-back', [step('a')]);
    await expect(
      uow.run(async (s) => {
        await s.pipelines.createRun(input);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.getRun(input.runId)).toBeUndefined();
    expect(await store.getSteps(input.runId)).toEqual([]);
  });
});
