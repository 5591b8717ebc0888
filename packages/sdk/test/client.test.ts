import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { recordingFetch, startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

let server: TestServer;
let client: SlipwayClient;
beforeAll(async () => {
  server = await startTestServer();
  client = new SlipwayClient({ baseUrl: server.url });
});
afterAll(async () => server.close());

async function caught(promise: Promise<unknown>): Promise<SlipwayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    return err as SlipwayError;
  }
  throw new Error('expected a rejection');
}

describe('SlipwayClient', () => {
  it('manages experiments', async () => {
    const exp = await client.experiments.create({
      name: 'sdk-exp',
      tags: [{ key: 'team', value: 'ml' }],
    });
    expect(await client.experiments.get(exp.experimentId)).toEqual(exp);
    expect((await client.experiments.getByName('sdk-exp')).experimentId).toBe(exp.experimentId);
    const renamed = await client.experiments.rename(exp.experimentId, 'sdk-exp-2');
    expect(renamed.name).toBe('sdk-exp-2');
    await client.experiments.setTag(exp.experimentId, 'a/b', 'c');
    expect((await client.experiments.get(exp.experimentId)).tags).toContainEqual({
      key: 'a/b',
      value: 'c',
    });
    await client.experiments.deleteTag(exp.experimentId, 'a/b');
    await client.experiments.delete(exp.experimentId);
    const deleted = await client.experiments.search({ viewType: 'DELETED_ONLY' });
    expect(deleted.experiments.map((e) => e.name)).toEqual(['sdk-exp-2']);
    await client.experiments.restore(exp.experimentId);
    const page = await client.experiments.search({ orderBy: ['name ASC'], maxResults: 1 });
    expect(page.experiments).toHaveLength(1);
    expect(page.nextPageToken).toBeDefined();
  });

  it('logs to runs and decodes NaN and infinities back into numbers', async () => {
    const run = await client.runs.create({ runName: 'sdk-run' });
    const runId = run.info.runId;
    await client.runs.logBatch(runId, {
      metrics: [
        { key: 'nan', value: Number.NaN, step: 1 },
        { key: 'inf', value: Number.POSITIVE_INFINITY },
        { key: 'ninf', value: Number.NEGATIVE_INFINITY },
        { key: 'x', value: 1.5, step: 2, timestamp: 1234 },
      ],
      params: [{ key: 'p', value: 'v' }],
    });
    await client.runs.logMetric(runId, 'x', 2.5, { step: 3, timestamp: 1235 });
    await client.runs.logParam(runId, 'q', 'w');
    await client.runs.setTag(runId, 'phase', 'test');
    const got = await client.runs.get(runId);
    const byKey = new Map(got.data.metrics.map((m) => [m.key, m.value]));
    expect(Number.isNaN(byKey.get('nan'))).toBe(true);
    expect(byKey.get('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(byKey.get('ninf')).toBe(Number.NEGATIVE_INFINITY);
    expect(byKey.get('x')).toBe(2.5);
    expect(got.data.params).toEqual([
      { key: 'p', value: 'v' },
      { key: 'q', value: 'w' },
    ]);
    const history = await client.runs.getMetricHistory(runId, 'x');
    expect(history.metrics.map((m) => [m.step, m.value, m.timestamp])).toEqual([
      [2, 1.5, 1234],
      [3, 2.5, 1235],
    ]);
    const ended = await client.runs.end(runId);
    expect(ended.status).toBe('FINISHED');
    expect(ended.endTime).toBeGreaterThan(0);
    const found = await client.runs.search({
      experimentIds: ['0'],
      filter: "attributes.run_name = 'sdk-run'",
    });
    expect(found.runs.map((r) => r.info.runId)).toEqual([runId]);
    await client.runs.delete(runId);
    expect((await client.runs.get(runId)).info.lifecycleStage).toBe('deleted');
    await client.runs.restore(runId);
  });

  it('uploads, lists and downloads artifacts, streams included', async () => {
    const run = await client.runs.create();
    const runId = run.info.runId;
    const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256));
    await client.artifacts.upload(runId, 'model/w.bin', bytes);
    await client.artifacts.upload(runId, 'notes.txt', 'hello');
    const stream = new Blob(['streamed ', 'content']).stream();
    await client.artifacts.upload(runId, 'model/sub/s.txt', stream);
    expect(await client.artifacts.download(runId, 'model/w.bin')).toEqual(bytes);
    const text = new TextDecoder().decode(
      await client.artifacts.download(runId, 'model/sub/s.txt'),
    );
    expect(text).toBe('streamed content');
    expect(await client.artifacts.list(runId)).toEqual([
      { path: 'model', isDir: true },
      { path: 'notes.txt', isDir: false, fileSize: 5 },
    ]);
    expect((await client.artifacts.listAll(runId)).map((f) => f.path)).toEqual([
      'model/sub/s.txt',
      'model/w.bin',
      'notes.txt',
    ]);
    const body = await client.artifacts.downloadStream(runId, 'notes.txt');
    expect(await new Response(body).text()).toBe('hello');
    const missing = await caught(client.artifacts.download(runId, 'absent.txt'));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('drives the registry: versions from runs and from files, aliases, stages, history', async () => {
    const run = await client.runs.create();
    await client.models.create({ name: 'sdk-model', description: 'd' });
    const v1 = await client.models.createVersion('sdk-model', {
      source: `runs:/${run.info.runId}/model`,
    });
    expect(v1.version).toBe('1');
    const seen: string[] = [];
    const v2 = await client.models.createVersionFromFiles(
      'sdk-model',
      [
        { path: 'model.onnx', body: new Uint8Array([1, 2, 3]) },
        { path: 'meta/info.json', body: '{"a":1}' },
      ],
      { description: 'uploaded', onFileUploaded: (f) => seen.push(f.path) },
    );
    expect(seen).toEqual(['model.onnx', 'meta/info.json']);
    expect(v2.source).toMatch(/^mlflow-artifacts:\/models\/sdk-model\/[\w-]+$/u);
    expect(await client.models.getDownloadUri('sdk-model', '2')).toBe(v2.source);

    await client.models.setAlias('sdk-model', 'champion', '2');
    expect((await client.models.resolve('models:/sdk-model@champion')).version).toBe('2');
    expect((await client.models.getVersionByAlias('sdk-model', 'champion')).version).toBe('2');
    expect((await client.models.resolve('models:/sdk-model/latest')).version).toBe('2');
    const prod = await client.models.transitionStage('sdk-model', '1', 'Production');
    expect(prod.currentStage).toBe('Production');
    await client.models.setVersionTag('sdk-model', '1', 'k', 'v');
    expect((await client.models.getVersion('sdk-model', '1')).tags).toEqual([
      { key: 'k', value: 'v' },
    ]);
    const updated = await client.models.updateVersion('sdk-model', '1', { description: 'first' });
    expect(updated.description).toBe('first');
    const versions = await client.models.listVersions('sdk-model', {
      orderBy: ['version_number ASC'],
    });
    expect(versions.modelVersions.map((v) => v.version)).toEqual(['1', '2']);
    const model = await client.models.updateDescription('sdk-model', 'new');
    expect(model.description).toBe('new');
    expect(model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    await client.models.deleteAlias('sdk-model', 'champion');
    await client.models.deleteVersion('sdk-model', '1');
    const renamed = await client.models.rename('sdk-model', 'sdk-model-2');
    expect(renamed.name).toBe('sdk-model-2');
    const { events } = await client.models.history('sdk-model-2');
    expect(events.map((e) => e.action)).toEqual([
      'model_created',
      'version_created',
      'version_created',
      'alias_set',
      'stage_transitioned',
      'version_tag_set',
      'version_updated',
      'model_description_updated',
      'alias_deleted',
      'version_deleted',
      'model_renamed',
    ]);
    const listed = await client.models.search({ filter: "name = 'sdk-model-2'" });
    expect(listed.registeredModels).toHaveLength(1);
    await client.models.delete('sdk-model-2');
  });

  it('rebuilds server errors as SlipwayError with the same code, message and details', async () => {
    const raw = await fetch(`${server.url}/api/v1/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: 'nope' }),
    });
    const wire = (await raw.json()) as {
      error: { code: string; message: string; details: object };
    };
    // Same bad request through the SDK (the cast sends what a JavaScript caller might).
    const err = await caught(
      client.experiments.create({ tags: 'nope' } as unknown as { name: string }),
    );
    expect(raw.status).toBe(400);
    expect(err.code).toBe(wire.error.code);
    expect(err.message).toBe(wire.error.message);
    expect(err.details).toEqual(wire.error.details);
    expect(err.httpStatus).toBe(400);
    const missing = await caught(client.models.get('no-such-model'));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('sends the bearer token when given one', async () => {
    const recorder = recordingFetch();
    const authed = new SlipwayClient({
      baseUrl: `${server.url}/`,
      token: 's3cret',
      fetch: recorder.fetch,
    });
    await authed.experiments.get('0');
    expect(recorder.requests[0]?.url).toBe(`${server.url}/api/v1/experiments/0`);
    expect(recorder.requests[0]?.headers.get('authorization')).toBe('Bearer s3cret');
    const anonymous = recordingFetch();
    await new SlipwayClient({ baseUrl: server.url, fetch: anonymous.fetch }).experiments.get('0');
    expect(anonymous.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('reports an unreachable server as UNAVAILABLE', async () => {
    const other = await startTestServer();
    const url = other.url;
    await other.close();
    const err = await caught(new SlipwayClient({ baseUrl: url }).experiments.get('0'));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain(url);
  });
});
