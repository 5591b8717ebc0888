import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenBreastCancer } from './support/golden.js';
import { startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { RuntimeResolver } from './support/runtime-resolver.js';

const golden = goldenBreastCancer();

describe('OIP model repository extension', () => {
  const resolver = new RuntimeResolver();
  let server: OipTestApp;

  beforeAll(async () => {
    await resolver.loadAll();
    server = await startOipTestApp(resolver);
  });
  afterAll(async () => {
    await server.close();
    await resolver.close();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const infer = () =>
    post('/v2/models/breast_cancer/infer', {
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 30], data: golden.inputs[0] }],
    });

  it('index lists every model with its state; ready: true keeps only ready ones', async () => {
    const all = await post('/v2/repository/index');
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual([
      { name: 'breast_cancer', version: '3', state: 'READY', reason: '' },
      { name: 'echo', version: '1', state: 'READY', reason: '' },
    ]);
  });

  it('unload makes a model unavailable, load brings it back', async () => {
    const unloaded = await post('/v2/repository/models/breast_cancer/unload');
    expect(unloaded.status).toBe(200);
    expect(await unloaded.json()).toEqual({ name: 'breast_cancer', unload: true });

    const index = (await (await post('/v2/repository/index', {})).json()) as {
      name: string;
      state: string;
    }[];
    expect(index.find((entry) => entry.name === 'breast_cancer')).toEqual({
      name: 'breast_cancer',
      version: '3',
      state: 'UNAVAILABLE',
      reason: 'unloaded',
    });
    const ready = (await (await post('/v2/repository/index', { ready: true })).json()) as {
      name: string;
    }[];
    expect(ready.map((entry) => entry.name)).toEqual(['echo']);
    expect((await infer()).status).toBe(503);
    expect((await fetch(`${server.baseUrl}/v2/models/breast_cancer/ready`)).status).toBe(503);

    const loaded = await post('/v2/repository/models/breast_cancer/load', {});
    expect(loaded.status).toBe(200);
    expect(await loaded.json()).toEqual({ name: 'breast_cancer', load: true });
    expect((await fetch(`${server.baseUrl}/v2/models/breast_cancer/ready`)).status).toBe(200);
    const response = await infer();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outputs: { data: number[] }[] };
    expect(
      Math.abs((body.outputs[0]?.data[0] ?? NaN) - (golden.expected[0]?.[0] ?? NaN)),
    ).toBeLessThanOrEqual(1e-5);
  });

  it('404 for an unknown model, 400 for a malformed body', async () => {
    const load = await post('/v2/repository/models/nope/load');
    expect(load.status).toBe(404);
    expect(Object.keys((await load.json()) as object)).toEqual(['error']);
    expect((await post('/v2/repository/models/nope/unload')).status).toBe(404);
    const bad = await fetch(`${server.baseUrl}/v2/repository/index`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ready": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('not valid JSON');
    expect((await post('/v2/repository/index', { ready: 'yes' })).status).toBe(400);
  });
});
