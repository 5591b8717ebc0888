import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlipwayClient } from '@slipway/sdk';
import { failsWith, planned } from './pipeline-fixtures.js';
import { openPipelineServer } from './pipeline-test-server.js';
import type { PipelineTestServer } from './pipeline-test-server.js';

let server: PipelineTestServer;
let admin: SlipwayClient;

beforeAll(async () => {
  server = await openPipelineServer(['reader', 'outsider']);
  admin = server.admin;
});
afterAll(async () => server.close());

describe('reading single steps of a run', () => {
  it('answers one step with its pipeline and run state, and 404 for an unknown step or run', async () => {
    const run = await admin.pipelines.createRun({
      pipeline: 'reads',
      steps: [planned('prep'), planned('train', ['prep'])],
    });
    await admin.pipelines.queueStep(run.runId, 'prep');
    await admin.pipelines.startStep(run.runId, 'prep', { worker: 'w1' });
    const got = await admin.pipelines.getStep(run.runId, 'prep');
    expect(got).toMatchObject({
      pipeline: 'reads',
      runStatus: 'running',
      cancelRequested: false,
      step: { key: 'prep', status: 'running', attempt: 1, worker: 'w1' },
    });
    expect((await admin.pipelines.getStep(run.runId, 'train')).step).toMatchObject({
      key: 'train',
      status: 'pending',
      needs: ['prep'],
    });
    expect(await failsWith(admin.pipelines.getStep(run.runId, 'nope'), 'NOT_FOUND')).toMatch(
      /has no step 'nope'/u,
    );
    await failsWith(admin.pipelines.getStep('no-such-run', 'prep'), 'NOT_FOUND');

    await admin.pipelines.cancelRun(run.runId);
    expect(await admin.pipelines.getStep(run.runId, 'train')).toMatchObject({
      cancelRequested: true,
      step: { status: 'cancelled' },
    });
  });

  it('answers the named steps in plan order, leaving out unknown ones, and refuses no key', async () => {
    const steps = [planned('a'), planned('b', ['a']), planned('c, d', ['b']), planned('e')];
    const run = await admin.pipelines.createRun({ pipeline: 'reads', steps });
    await admin.pipelines.startStep(run.runId, 'a', { worker: 'w1' });
    await admin.pipelines.finishStep(run.runId, 'a', {
      worker: 'w1',
      status: 'succeeded',
      outputs: [],
    });
    const got = await admin.pipelines.getSteps(run.runId, ['c, d', 'zzz', 'a', 'a']);
    expect(got.runStatus).toBe('running');
    expect(got.cancelRequested).toBe(false);
    expect(got.steps.map((s) => [s.key, s.status])).toEqual([
      ['a', 'succeeded'],
      ['c, d', 'pending'],
    ]);
    expect((await admin.pipelines.getSteps(run.runId, ['zzz'])).steps).toEqual([]);
    await failsWith(admin.pipelines.getSteps(run.runId, []), 'INVALID_ARGUMENT');
    const tooMany = Array.from({ length: 501 }, (_, i) => `k${i}`);
    expect(
      await failsWith(admin.pipelines.getSteps(run.runId, tooMany), 'INVALID_ARGUMENT'),
    ).toMatch(/between 1 and 500/u);
    await failsWith(admin.pipelines.getSteps('no-such-run', ['a']), 'NOT_FOUND');
  });

  it('needs READ on the pipeline for both reads', async () => {
    const run = await admin.pipelines.createRun({
      pipeline: 'guarded-reads',
      steps: [planned('a')],
    });
    await admin.permissions.set('pipeline', 'guarded-reads', 'outsider', 'NO_PERMISSIONS');
    const outsider = server.as('outsider');
    await failsWith(outsider.pipelines.getStep(run.runId, 'a'), 'PERMISSION_DENIED');
    await failsWith(outsider.pipelines.getSteps(run.runId, ['a']), 'PERMISSION_DENIED');

    await admin.permissions.set('pipeline', 'guarded-reads', 'reader', 'READ');
    const reader = server.as('reader');
    expect((await reader.pipelines.getStep(run.runId, 'a')).step.status).toBe('pending');
    expect((await reader.pipelines.getSteps(run.runId, ['a'])).steps).toHaveLength(1);
    // READ reads, but does not change a step.
    await failsWith(reader.pipelines.queueStep(run.runId, 'a'), 'PERMISSION_DENIED');
  });
});
