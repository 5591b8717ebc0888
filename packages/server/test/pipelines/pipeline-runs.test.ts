import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlipwayClient } from '@slipway/sdk';
import { failsWith, planned } from './pipeline-fixtures.js';
import { openPipelineServer } from './pipeline-test-server.js';
import type { PipelineTestServer } from './pipeline-test-server.js';

let server: PipelineTestServer;
let admin: SlipwayClient;

beforeAll(async () => {
  server = await openPipelineServer(['bob', 'carol']);
  admin = server.admin;
});
afterAll(async () => server.close());

/** Starts and finishes a step as succeeded with no outputs. */
async function succeed(client: SlipwayClient, runId: string, key: string, worker = 'w1') {
  await client.pipelines.startStep(runId, key, { worker });
  return client.pipelines.finishStep(runId, key, { worker, status: 'succeeded', outputs: [] });
}

describe('pipeline runs', () => {
  it('refuses a run whose steps repeat a key, need an unknown step or form a cycle', async () => {
    const create = (steps: ReturnType<typeof planned>[], pipeline = 'checks') =>
      admin.pipelines.createRun({ pipeline, steps });
    expect(await failsWith(create([planned('a'), planned('a')]), 'INVALID_ARGUMENT')).toMatch(
      /'a' appears twice/u,
    );
    expect(await failsWith(create([planned('a', ['zzz'])]), 'INVALID_ARGUMENT')).toMatch(
      /'a' needs 'zzz', which is not a step of the run/u,
    );
    const cycle = [planned('a', ['c']), planned('b', ['a']), planned('c', ['b'])];
    expect(await failsWith(create(cycle), 'INVALID_ARGUMENT')).toMatch(/cycle: a -> c -> b -> a/u);
    expect(await failsWith(create([planned('a', ['a'])]), 'INVALID_ARGUMENT')).toMatch(/a -> a/u);
    await failsWith(create([]), 'INVALID_ARGUMENT');
    await failsWith(create([planned('a')], 'bad name!'), 'INVALID_ARGUMENT');
    await failsWith(create([planned('a')], 'runs'), 'INVALID_ARGUMENT');
    await failsWith(create([planned('a/b')]), 'INVALID_ARGUMENT');
    await failsWith(
      admin.pipelines.createRun({ pipeline: 'checks', steps: [planned('a')], resumeOf: 'nope' }),
      'NOT_FOUND',
    );
    expect((await admin.pipelines.listRuns({ pipeline: 'checks' })).runs).toEqual([]);
  });

  it('records a run with every step pending, its steps after what they need', async () => {
    const run = await admin.pipelines.createRun({
      pipeline: 'churn',
      spec: { name: 'churn', params: { rows: 1000 } },
      params: { rows: 1000 },
      steps: [planned('train', ['prepare'], { retries: 2 }), planned('prepare')],
      trigger: { type: 'manual', detail: 'cli' },
    });
    expect(run).toMatchObject({
      pipeline: 'churn',
      status: 'running',
      params: { rows: 1000 },
      spec: { name: 'churn' },
      trigger: { type: 'manual', detail: 'cli' },
      createdBy: 'admin',
      cancelRequested: false,
    });
    expect(run.steps.map((s) => [s.key, s.status, s.attempt])).toEqual([
      ['prepare', 'pending', 0],
      ['train', 'pending', 0],
    ]);
    expect(run.steps[1]).toMatchObject({ needs: ['prepare'], retries: 2, outputs: [] });
    expect(await admin.pipelines.getRun(run.runId)).toEqual(run);
    const resumed = await admin.pipelines.createRun({
      pipeline: 'churn',
      steps: [planned('prepare')],
      trigger: { type: 'resume' },
      resumeOf: run.runId,
    });
    expect(resumed.resumeOf).toBe(run.runId);
    await failsWith(
      admin.pipelines.createRun({ pipeline: 'other', steps: [planned('a')], resumeOf: run.runId }),
      'INVALID_ARGUMENT',
    );
  });

  it('moves steps through queue, start, heartbeat, retry and finish, refusing what does not fit', async () => {
    const { runId } = await admin.pipelines.createRun({
      pipeline: 'flow',
      steps: [planned('a'), planned('b', ['a'])],
    });
    const p = admin.pipelines;
    expect((await p.queueStep(runId, 'a')).status).toBe('queued');
    expect((await p.queueStep(runId, 'a')).status).toBe('queued');
    const started = await p.startStep(runId, 'a', { worker: 'w1', trackedRunId: 'tracked-1' });
    expect(started).toMatchObject({ status: 'running', attempt: 1, worker: 'w1' });
    expect(started.trackedRunId).toBe('tracked-1');
    expect(await failsWith(p.startStep(runId, 'a', { worker: 'w2' }), 'CONFLICT')).toMatch(
      /already running under worker 'w1'/u,
    );
    await failsWith(p.queueStep(runId, 'a'), 'CONFLICT');
    expect(await p.heartbeat(runId, 'a', 'w1')).toEqual({ cancelRequested: false });
    await failsWith(p.heartbeat(runId, 'a', 'w2'), 'CONFLICT');
    expect(
      await failsWith(p.startStep(runId, 'b', { worker: 'w1' }), 'FAILED_PRECONDITION'),
    ).toMatch(/needs 'a' \(running\)/u);

    await failsWith(p.retryStep(runId, 'a', { worker: 'w2', error: 'x' }), 'CONFLICT');
    const retried = await p.retryStep(runId, 'a', { worker: 'w1', error: 'exit code 1' });
    expect(retried).toMatchObject({ status: 'queued', attempt: 1, error: 'exit code 1' });
    const second = await p.startStep(runId, 'a', { worker: 'w1' });
    expect(second.attempt).toBe(2);

    await failsWith(
      p.finishStep(runId, 'a', { worker: 'w1', status: 'succeeded' }),
      'INVALID_ARGUMENT',
    );
    await failsWith(p.finishStep(runId, 'a', { worker: 'w1', status: 'skipped' }), 'CONFLICT');
    await failsWith(
      p.finishStep(runId, 'a', { worker: 'w2', status: 'succeeded', outputs: [] }),
      'CONFLICT',
    );
    const finished = await p.finishStep(runId, 'a', {
      worker: 'w1',
      status: 'succeeded',
      exitCode: 0,
      outputs: [],
    });
    expect(finished.runStatus).toBe('running');
    expect(finished.step).toMatchObject({ status: 'succeeded', exitCode: 0, outputs: [] });
    expect(finished.step.error).toBeUndefined();
    expect(finished.step.durationMs).toBeGreaterThanOrEqual(0);
    expect(await failsWith(p.finishStep(runId, 'a', { status: 'failed' }), 'CONFLICT')).toMatch(
      /already finished as succeeded/u,
    );
    await failsWith(p.startStep(runId, 'a', { worker: 'w1' }), 'CONFLICT');

    const last = await succeed(admin, runId, 'b');
    expect(last.runStatus).toBe('succeeded');
    const run = await p.getRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.finishedAt).toBeGreaterThanOrEqual(run.startedAt ?? Infinity);
    await failsWith(p.startStep(runId, 'nope', { worker: 'w1' }), 'NOT_FOUND');
    await failsWith(p.getRun('nope'), 'NOT_FOUND');
  });

  it('lets another worker take over a running step once its heartbeat is stale', async () => {
    const { runId } = await admin.pipelines.createRun({ pipeline: 'stale', steps: [planned('s')] });
    const p = admin.pipelines;
    await p.startStep(runId, 's', { worker: 'lost' });
    server.advance(59_000);
    await failsWith(p.startStep(runId, 's', { worker: 'fresh' }), 'CONFLICT');
    server.advance(2_000);
    const taken = await p.startStep(runId, 's', { worker: 'fresh' });
    expect(taken).toMatchObject({ status: 'running', worker: 'fresh', attempt: 2 });
    // The lost worker, should it come back, can neither report nor finish.
    await failsWith(p.heartbeat(runId, 's', 'lost'), 'CONFLICT');
    await failsWith(
      p.finishStep(runId, 's', { worker: 'lost', status: 'succeeded', outputs: [] }),
      'CONFLICT',
    );
    const done = await p.finishStep(runId, 's', {
      worker: 'fresh',
      status: 'succeeded',
      outputs: [],
    });
    expect(done.runStatus).toBe('succeeded');
  });

  it('cancels pending steps at once and running ones through their heartbeat', async () => {
    const { runId } = await admin.pipelines.createRun({
      pipeline: 'cancel-me',
      steps: [planned('a'), planned('b'), planned('c', ['a'])],
    });
    const p = admin.pipelines;
    await p.startStep(runId, 'a', { worker: 'w' });
    await p.queueStep(runId, 'b');
    const cancelled = await p.cancelRun(runId);
    expect(cancelled).toMatchObject({ status: 'running', cancelRequested: true });
    expect(cancelled.steps.map((s) => s.status)).toEqual(['running', 'cancelled', 'cancelled']);
    expect(await p.heartbeat(runId, 'a', 'w')).toEqual({ cancelRequested: true });
    await failsWith(p.retryStep(runId, 'a', { worker: 'w', error: 'x' }), 'CONFLICT');
    const end = await p.finishStep(runId, 'a', { worker: 'w', status: 'cancelled' });
    expect(end.runStatus).toBe('cancelled');
    expect(await failsWith(p.cancelRun(runId), 'CONFLICT')).toMatch(
      /already finished as cancelled/u,
    );
  });

  it('fails a run with a failed step, once every step is finished', async () => {
    const { runId } = await admin.pipelines.createRun({
      pipeline: 'fails',
      steps: [planned('a'), planned('b', ['a'])],
    });
    await admin.pipelines.startStep(runId, 'a', { worker: 'w' });
    const failed = await admin.pipelines.finishStep(runId, 'a', {
      worker: 'w',
      status: 'failed',
      exitCode: 3,
      error: 'exit code 3',
    });
    expect(failed).toMatchObject({
      runStatus: 'running',
      step: { exitCode: 3, error: 'exit code 3' },
    });
    const skipped = await admin.pipelines.finishStep(runId, 'b', { status: 'skipped' });
    expect(skipped.runStatus).toBe('failed');
    const { runs } = await admin.pipelines.listRuns({ pipeline: 'fails' });
    expect(runs[0]).toMatchObject({
      runId,
      status: 'failed',
      stepCounts: { failed: 1, skipped: 1 },
    });
    const listed = (await admin.pipelines.listPipelines()).pipelines.find(
      (x) => x.name === 'fails',
    );
    expect(listed).toMatchObject({ runCount: 1, lastRun: { runId, status: 'failed' } });
  });
});

describe('pipeline permissions and audit', () => {
  it('lets a READ user see runs but not change them, and records who created a run', async () => {
    const bob = server.as('bob');
    const { runId } = await admin.pipelines.createRun({
      pipeline: 'guarded',
      steps: [planned('a')],
    });
    expect((await bob.pipelines.getRun(runId)).createdBy).toBe('admin');
    expect((await bob.pipelines.listRuns({ pipeline: 'guarded' })).runs).toHaveLength(1);
    // Each attempt is made in turn (a thunk), so no refusal goes unobserved.
    const denied = [
      () => bob.pipelines.createRun({ pipeline: 'guarded', steps: [planned('a')] }),
      () => bob.pipelines.queueStep(runId, 'a'),
      () => bob.pipelines.startStep(runId, 'a', { worker: 'bob' }),
      () => bob.pipelines.finishStep(runId, 'a', { status: 'skipped' }),
      () => bob.pipelines.appendLogs(runId, 'a', [{ stream: 'stdout', text: 'x' }]),
      () => bob.pipelines.uploadOutput(runId, 'a', 'x.txt', new Blob(['x'])),
      () => bob.pipelines.cancelRun(runId),
    ];
    for (const attempt of denied) {
      expect(await failsWith(attempt(), 'PERMISSION_DENIED')).toMatch(
        /EDIT on pipeline 'guarded'/u,
      );
    }
    expect((await admin.pipelines.getRun(runId)).steps[0]?.status).toBe('pending');
  });

  it("makes a new pipeline's creator its manager, who may grant EDIT and hide it", async () => {
    const bob = server.as('bob');
    const carol = server.as('carol');
    const mine = await bob.pipelines.createRun({ pipeline: 'bobs', steps: [planned('a')] });
    expect(mine.createdBy).toBe('bob');
    await failsWith(
      carol.pipelines.createRun({ pipeline: 'bobs', steps: [planned('a')] }),
      'PERMISSION_DENIED',
    );
    await bob.permissions.set('pipeline', 'bobs', 'carol', 'EDIT');
    const theirs = await carol.pipelines.createRun({ pipeline: 'bobs', steps: [planned('a')] });
    expect(theirs.createdBy).toBe('carol');
    await succeed(carol, theirs.runId, 'a', 'carol-worker');

    await admin.permissions.set('pipeline', 'guarded', 'carol', 'NO_PERMISSIONS');
    const names = (await carol.pipelines.listPipelines()).pipelines.map((x) => x.name);
    expect(names).toContain('bobs');
    expect(names).not.toContain('guarded');
    const guarded = (await admin.pipelines.listRuns({ pipeline: 'guarded' })).runs[0]!;
    await failsWith(carol.pipelines.getRun(guarded.runId), 'PERMISSION_DENIED');
  });

  it('audits every state change with the caller', async () => {
    const { events } = await admin.audit.search({ resourceType: 'pipeline', maxResults: 1000 });
    const actions = new Set(events.map((e) => e.action));
    for (const action of [
      'pipeline.run.create',
      'pipeline.run.cancel',
      'pipeline.run.finish',
      'pipeline.step.queue',
      'pipeline.step.start',
      'pipeline.step.retry',
      'pipeline.step.finish',
    ]) {
      expect(actions, action).toContain(action);
    }
    const carols = events.filter((e) => e.resourceId === 'bobs' && e.actor === 'carol');
    expect(carols.map((e) => e.action).sort()).toEqual([
      'pipeline.run.create',
      'pipeline.run.finish',
      'pipeline.step.finish',
      'pipeline.step.start',
    ]);
    const start = carols.find((e) => e.action === 'pipeline.step.start');
    expect(start?.after).toMatchObject({
      step: 'a',
      status: 'running',
      attempt: 1,
      worker: 'carol-worker',
    });
    // A refused change leaves no event.
    const bobs = events.filter((e) => e.actor === 'bob');
    expect(bobs.every((e) => e.resourceId === 'bobs')).toBe(true);
  });
});
