import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  goldenBreastCancer,
  openDeploymentHarness,
  worstError,
} from './support/deployment-harness.js';
import type { DeploymentHarness, Golden } from './support/deployment-harness.js';

let h: DeploymentHarness;
let golden: Golden;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness();
  // Version 1 is a bare .onnx file (signature read from the graph), version 2 a package.
  expect((await h.registerBreastCancer('bc', false)).version).toBe('1');
  expect((await h.registerBreastCancer('bc', true)).version).toBe('2');
  await h.api('PUT', '/api/v1/models/bc/aliases/champion', { version: '1' });
});

afterAll(async () => {
  await h?.close();
});

const ROWS = 40;

describe('a single deployment', () => {
  it('serves the alias version over the inference protocol with scikit-learn outputs', async () => {
    const applied = await h.apply({
      name: 'bc-single',
      policy: { type: 'single', model: 'models:/bc@champion' },
    });
    expect(applied).toMatchObject({ created: true, changed: true });
    expect(applied.deployment).toMatchObject({
      name: 'bc-single',
      policy: 'single',
      revision: 1,
      status: 'ready',
      variants: [
        {
          id: 'model',
          model: 'models:/bc@champion',
          resolved: { name: 'bc', version: '1' },
          trafficPercent: 100,
          ready: true,
        },
      ],
    });
    expect(applied.deployment.recentEvents[0]).toMatchObject({
      action: 'created',
      actor: 'anonymous',
      reason: expect.stringContaining('single: model bc v1'),
    });

    const reply = await h.infer('bc-single', golden.inputs.slice(0, ROWS), { id: 'req-1' });
    expect(reply.status).toBe(200);
    expect(reply.version).toBe('1');
    expect(reply.body).toMatchObject({ model_name: 'bc', model_version: '1', id: 'req-1' });
    const output = reply.body.outputs?.[0];
    expect(output?.name).toBe('probability');
    expect(output?.shape).toEqual([ROWS, 1]);
    expect(worstError(output?.data ?? [], golden.expected.slice(0, ROWS))).toBeLessThan(1e-5);
  });

  it('applies an identical spec as a no-op and a changed one as a new revision', async () => {
    const again = await h.apply({
      name: 'bc-single',
      policy: { type: 'single', model: 'models:/bc@champion' },
    });
    expect(again).toMatchObject({ created: false, changed: false, deployment: { revision: 1 } });

    // Moving the alias changes what the same spec resolves to.
    await h.api('PUT', '/api/v1/models/bc/aliases/champion', { version: '2' });
    const moved = await h.apply({
      name: 'bc-single',
      policy: { type: 'single', model: 'models:/bc@champion' },
    });
    expect(moved).toMatchObject({ created: false, changed: true, deployment: { revision: 2 } });
    expect(moved.deployment.variants[0].resolved).toEqual({ name: 'bc', version: '2' });
    const reply = await h.infer('bc-single', golden.inputs.slice(0, 3));
    expect(reply.version).toBe('2');
    expect(
      worstError(reply.body.outputs?.[0]?.data ?? [], golden.expected.slice(0, 3)),
    ).toBeLessThan(1e-5);
    await h.api('PUT', '/api/v1/models/bc/aliases/champion', { version: '1' });
    const back = await h.apply({
      name: 'bc-single',
      policy: { type: 'single', model: 'models:/bc@champion' },
    });
    expect(back.deployment).toMatchObject({
      revision: 3,
      variants: [{ resolved: { version: '1' } }],
    });
  });

  it('takes YAML with PUT, filling the name from the path', async () => {
    const yaml = [
      'policy:',
      '  type: single',
      '  model: models:/bc/2',
      'batching: { maxBatchSize: 8, maxDelayMs: 1 }',
      '',
    ].join('\n');
    const put = await h.api('PUT', '/api/v1/deployments/bc-yaml', yaml, {
      'content-type': 'application/yaml',
    });
    expect(put.status).toBe(200);
    expect(put.json.deployment.spec).toEqual({
      name: 'bc-yaml',
      policy: { type: 'single', model: 'models:/bc/2' },
      batching: { maxBatchSize: 8, maxDelayMs: 1 },
      logging: { sampleRate: 1 },
    });
    // Concurrent single-row requests go through the dynamic batcher; each answer is its own row.
    const replies = await Promise.all(
      golden.inputs.slice(0, 24).map((row) => h.infer('bc-yaml', [row])),
    );
    replies.forEach((reply, row) => {
      expect(reply.version).toBe('2');
      expect(
        Math.abs((reply.body.outputs?.[0]?.data[0] ?? NaN) - (golden.expected[row]?.[0] ?? NaN)),
      ).toBeLessThan(1e-5);
    });

    const mismatch = await h.api('PUT', '/api/v1/deployments/other', {
      name: 'bc-yaml',
      policy: { type: 'single', model: 'models:/bc/2' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.message).toContain("path names 'other'");

    const broken = await h.api('PUT', '/api/v1/deployments/bc-yaml', 'policy: [unclosed', {
      'content-type': 'application/yaml',
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toMatch(/^Invalid YAML at line 1/u);
  });

  it('names every problem of an invalid spec, and an unknown model', async () => {
    const invalid = await h.api('POST', '/api/v1/deployments', {
      name: 'Bad_Name',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/bc/2',
        steps: [10, 50],
        interval: '30s',
        stpes: 1,
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe('INVALID_ARGUMENT');
    expect(invalid.json.error.message).toContain('name: must be lowercase');
    expect(invalid.json.error.message).toContain('policy.steps: must end at 100');
    expect(invalid.json.error.message).toContain('policy.stpes: unknown field');

    const unknown = await h.api('POST', '/api/v1/deployments', {
      name: 'ghost',
      policy: { type: 'single', model: 'models:/nope/1' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain(
      "Deployment 'ghost', model: cannot resolve models:/nope/1",
    );
    expect((await h.api('GET', '/api/v1/deployments/ghost')).status).toBe(404);

    const empty = await h.api('POST', '/api/v1/deployments');
    expect(empty.status).toBe(400);
  });

  it('lists, shows and pages events, and deletes', async () => {
    const list = await h.api('GET', '/api/v1/deployments');
    expect(list.json.deployments.map((d: { name: string }) => d.name)).toEqual([
      'bc-single',
      'bc-yaml',
    ]);

    await h.infer('bc-single', golden.inputs.slice(0, 1));
    await h.infer('bc-single', golden.inputs.slice(0, 1));
    const one = await h.api('GET', '/api/v1/deployments/bc-single');
    expect(one.json.deployment.variants[0].stats).toMatchObject({
      requests: 2,
      errors: 0,
      errorRate: 0,
      windowMs: 60_000,
    });
    expect(one.json.deployment.variants[0].stats.p50LatencyMs).toBeGreaterThan(0);
    expect(one.json.deployment.recentEvents.map((e: { action: string }) => e.action)).toEqual([
      'updated',
      'updated',
      'created',
    ]);

    const events = await h.api('GET', '/api/v1/deployments/bc-single/events?maxResults=2');
    expect(events.json.events.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'updated',
    ]);
    const rest = await h.api(
      'GET',
      `/api/v1/deployments/bc-single/events?maxResults=2&pageToken=${events.json.nextPageToken}`,
    );
    expect(rest.json.events.map((e: { action: string }) => e.action)).toEqual(['updated']);
    expect(rest.json.nextPageToken).toBeUndefined();

    expect((await h.api('DELETE', '/api/v1/deployments/bc-yaml')).status).toBe(204);
    expect((await h.api('GET', '/api/v1/deployments/bc-yaml')).status).toBe(404);
    const gone = await h.infer('bc-yaml', golden.inputs.slice(0, 1));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toContain("'bc-yaml'");
    expect((await h.api('DELETE', '/api/v1/deployments/bc-yaml')).status).toBe(404);
    const log = await h.api('GET', '/api/v1/deployments/bc-yaml/events');
    expect(log.json.events.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'deleted',
    ]);
  });

  it('serves registered models directly: a named version, or the latest', async () => {
    const pinned = await h.infer('bc', golden.inputs.slice(0, 5), { version: '1' });
    expect(pinned).toMatchObject({
      status: 200,
      version: '1',
      body: { model_name: 'bc', model_version: '1' },
    });
    expect(
      worstError(pinned.body.outputs?.[0]?.data ?? [], golden.expected.slice(0, 5)),
    ).toBeLessThan(1e-5);
    const latest = await h.infer('bc', golden.inputs.slice(0, 5));
    expect(latest.version).toBe('2');
    expect((await h.infer('bc', golden.inputs.slice(0, 1), { version: '9' })).status).toBe(404);
    expect((await h.infer('nothing-here', golden.inputs.slice(0, 1))).status).toBe(404);

    const metadata = await h.api('GET', '/v2/models/bc-single');
    expect(metadata.json).toMatchObject({
      name: 'bc-single',
      versions: ['1'],
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
    });
    const index = await h.api('POST', '/v2/repository/index', {});
    expect(index.json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'bc-single', state: 'READY' }),
        expect.objectContaining({ name: 'bc', version: '2', state: 'READY' }),
      ]),
    );
  });

  it('pins a deployment request to a version it serves', async () => {
    const pinned = await h.infer('bc-single', golden.inputs.slice(0, 2), { version: '1' });
    expect(pinned.status).toBe(200);
    expect((await h.infer('bc-single', golden.inputs.slice(0, 2), { version: '2' })).status).toBe(
      404,
    );
  });

  it('unloads and loads a deployment through the repository API', async () => {
    expect((await h.api('POST', '/v2/repository/models/bc-single/unload')).status).toBe(200);
    const down = await h.infer('bc-single', golden.inputs.slice(0, 1));
    expect(down.status).toBe(503);
    expect((await h.api('GET', '/api/v1/deployments/bc-single')).json.deployment.status).toBe(
      'unloaded',
    );
    expect((await h.api('POST', '/v2/repository/models/bc-single/load')).status).toBe(200);
    await eventually(async () =>
      (await h.infer('bc-single', golden.inputs.slice(0, 1))).status === 200 ? true : undefined,
    );
  });
});
