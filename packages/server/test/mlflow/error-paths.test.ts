import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { startMlflowTestApp } from './mlflow-test-app.js';

/** Every error path answers MLflow's {error_code, message} and leaves no partial state behind. */

const BODY_LIMIT = 64 * 1024;
const ARTIFACT_LIMIT = 100 * 1024;

function expectError(response: LightMyRequestResponse, status: number, code: string): string {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/u);
  const body = response.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error_code', 'message']);
  expect(body.error_code).toBe(code);
  expect(typeof body.message).toBe('string');
  // Never a stack trace.
  expect(body.message).not.toMatch(/\n\s+at /u);
  return body.message as string;
}

describe('MLflow API error paths', () => {
  let t: MlflowTestApp;
  let exp: string;
  let runId: string;

  const runData = async (id = runId) => {
    const { run } = (await t.call('GET', `/runs/get?run_id=${id}`)).json() as {
      run: {
        data: {
          metrics?: unknown[];
          params?: Array<{ key: string; value: string }>;
          tags?: unknown[];
        };
      };
    };
    return run.data;
  };
  const metricHistory = async (key: string) =>
    (
      (await t.call('GET', `/metrics/get-history?run_id=${runId}&metric_key=${key}`)).json() as {
        metrics?: unknown[];
      }
    ).metrics ?? [];

  beforeAll(async () => {
    t = await startMlflowTestApp({
      bodyLimitBytes: BODY_LIMIT,
      artifactLimitBytes: ARTIFACT_LIMIT,
    });
    exp = (
      (await t.call('POST', '/experiments/create', { name: 'errors' })).json() as {
        experiment_id: string;
      }
    ).experiment_id;
    runId = (
      (await t.call('POST', '/runs/create', { experiment_id: exp })).json() as {
        run: { info: { run_id: string } };
      }
    ).run.info.run_id;
    const logged = await t.call('POST', '/runs/log-parameter', {
      run_id: runId,
      key: 'lr',
      value: '0.1',
    });
    expect(logged.statusCode).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('malformed JSON is BAD_REQUEST and writes nothing', async () => {
    const response = await t.call(
      'POST',
      '/runs/log-batch',
      `{"run_id": "${runId}", "metrics": [{"key": "m", "value": 1, "timestamp": 1}`,
    );
    expect(expectError(response, 400, 'BAD_REQUEST')).toContain('Malformed JSON');
    expect(await metricHistory('m')).toEqual([]);
  });

  it('a wrong type anywhere in a batch rejects the whole batch', async () => {
    const response = await t.call('POST', '/runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'good', value: 1, timestamp: 1 },
        { key: 'bad', value: 2, timestamp: 'yesterday' },
      ],
      params: [{ key: 'depth', value: '3' }],
    });
    expect(expectError(response, 400, 'INVALID_PARAMETER_VALUE')).toContain(
      "'metrics[1].timestamp'",
    );
    expect(await metricHistory('good')).toEqual([]);
    expect((await runData()).params).toEqual([{ key: 'lr', value: '0.1' }]);
  });

  it('a string where a list belongs names the field', async () => {
    const response = await t.call('POST', '/runs/log-batch', { run_id: runId, params: 'lr=1' });
    expect(expectError(response, 400, 'INVALID_PARAMETER_VALUE')).toContain(
      `Invalid value "lr=1" for parameter 'params' supplied: expected an array`,
    );
  });

  it('a body over the limit is 413 and writes nothing', async () => {
    const metrics = Array.from({ length: 2000 }, (_, i) => ({
      key: 'big',
      value: i,
      timestamp: i,
    }));
    const payload = JSON.stringify({ run_id: runId, metrics });
    expect(payload.length).toBeGreaterThan(BODY_LIMIT);
    expectError(await t.call('POST', '/runs/log-batch', payload), 413, 'RESOURCE_LIMIT_EXCEEDED');
    expect(await metricHistory('big')).toEqual([]);
  });

  it('overwriting a param with a different value fails the batch atomically', async () => {
    const response = await t.call('POST', '/runs/log-batch', {
      run_id: runId,
      params: [{ key: 'lr', value: '0.2' }],
      metrics: [{ key: 'after_overwrite', value: 1, timestamp: 1 }],
      tags: [{ key: 'after_overwrite', value: 'x' }],
    });
    expectError(response, 400, 'INVALID_PARAMETER_VALUE');
    const data = await runData();
    expect(data.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(await metricHistory('after_overwrite')).toEqual([]);
    expect(JSON.stringify(data.tags)).not.toContain('after_overwrite');
    // Logging the same value again is allowed (idempotent).
    const same = await t.call('POST', '/runs/log-parameter', {
      run_id: runId,
      key: 'lr',
      value: '0.1',
    });
    expect(same.statusCode).toBe(200);
  });

  it('an invalid metric key rejects the batch', async () => {
    const response = await t.call('POST', '/runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'fine', value: 1, timestamp: 1 },
        { key: '../escape', value: 1, timestamp: 1 },
      ],
    });
    expectError(response, 400, 'INVALID_PARAMETER_VALUE');
    expect(await metricHistory('fine')).toEqual([]);
  });

  it('too many params in one batch is rejected', async () => {
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
    const response = await t.call('POST', '/runs/log-batch', { run_id: runId, params });
    expectError(response, 400, 'INVALID_PARAMETER_VALUE');
    expect((await runData()).params).toHaveLength(1);
  });

  it('unknown ids are RESOURCE_DOES_NOT_EXIST', async () => {
    const ghostRun = 'f'.repeat(32);
    expectError(
      await t.call('POST', '/runs/log-metric', {
        run_id: ghostRun,
        key: 'm',
        value: 1,
        timestamp: 1,
      }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await t.call('GET', `/runs/get?run_id=${ghostRun}`),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await t.call('GET', '/experiments/get?experiment_id=987654'),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await t.call('GET', `/metrics/get-history?run_id=${ghostRun}&metric_key=m`),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('creating a run in an unknown experiment creates nothing', async () => {
    const before = await t.call('POST', '/runs/search', {
      experiment_ids: ['0', exp],
      run_view_type: 'ALL',
    });
    expectError(
      await t.call('POST', '/runs/create', { experiment_id: '987654', run_name: 'orphan' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    const after = await t.call('POST', '/runs/search', {
      experiment_ids: ['0', exp],
      run_view_type: 'ALL',
    });
    expect(after.json()).toEqual(before.json());
  });

  it('an experiment id that is not a number is INVALID_PARAMETER_VALUE', async () => {
    expectError(
      await t.call('GET', '/experiments/get?experiment_id=abc'),
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('invalid names are INVALID_PARAMETER_VALUE and create nothing', async () => {
    expectError(
      await t.call('POST', '/experiments/create', { name: '   ' }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectError(
      await t.call('POST', '/experiments/create', { name: 'x'.repeat(501) }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectError(
      await t.call('POST', '/registered-models/create', { name: 'bad\nname' }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    const search = await t.call('POST', '/experiments/search', { view_type: 'ALL' });
    const names = (
      (search.json() as { experiments: Array<{ name: string }> }).experiments ?? []
    ).map((e) => e.name);
    expect(names.sort()).toEqual(['Default', 'errors']);
    const models = await t.call('GET', '/registered-models/search');
    expect(models.json()).toEqual({});
  });

  it('duplicates are RESOURCE_ALREADY_EXISTS with status 400', async () => {
    expectError(
      await t.call('POST', '/experiments/create', { name: 'errors' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    );
    expect((await t.call('POST', '/registered-models/create', { name: 'dup' })).statusCode).toBe(
      200,
    );
    expectError(
      await t.call('POST', '/registered-models/create', { name: 'dup' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    );
  });

  it('registry errors leave the registry unchanged', async () => {
    expectError(
      await t.call('POST', '/model-versions/create', { name: 'no-such-model', source: 's3://b/m' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await t.call('GET', '/registered-models/get?name=no-such-model'),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expect(
      (await t.call('POST', '/registered-models/create', { name: 'aliased' })).statusCode,
    ).toBe(200);
    expectError(
      await t.call('POST', '/registered-models/alias', {
        name: 'aliased',
        alias: 'prod',
        version: '3',
      }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await t.call('POST', '/registered-models/alias', {
        name: 'aliased',
        alias: 'v1',
        version: '1',
      }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectError(
      await t.call('POST', '/model-versions/transition-stage', {
        name: 'aliased',
        version: '1',
        stage: 'Shipped',
        archive_existing_versions: false,
      }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    const model = await t.call('GET', '/registered-models/get?name=aliased');
    expect(model.json()).toEqual({
      registered_model: expect.not.objectContaining({ aliases: expect.anything() }),
    });
  });

  it('writes to a deleted run are INVALID_PARAMETER_VALUE (400), as MLflow answers', async () => {
    const { run } = (await t.call('POST', '/runs/create', { experiment_id: exp })).json() as {
      run: { info: { run_id: string } };
    };
    expect((await t.call('POST', '/runs/delete', { run_id: run.info.run_id })).statusCode).toBe(
      200,
    );
    expect(
      expectError(
        await t.call('POST', '/runs/log-batch', {
          run_id: run.info.run_id,
          metrics: [{ key: 'm', value: 1, timestamp: 1 }],
        }),
        400,
        'INVALID_PARAMETER_VALUE',
      ),
    ).toBe(`The run ${run.info.run_id} must be in the 'active' state. Current state is deleted.`);
    const history = await t.call(
      'GET',
      `/metrics/get-history?run_id=${run.info.run_id}&metric_key=m`,
    );
    expect(history.json()).toEqual({});
  });

  it('the wrong content type is rejected before anything runs', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/experiments/create',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=form',
    });
    expect(expectError(response, 400, 'INVALID_PARAMETER_VALUE')).toContain('Content-Type');
    expectError(
      await t.call('GET', '/experiments/get-by-name?experiment_name=form'),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  describe('artifact uploads over the limit', () => {
    const path = () => `/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/big.bin`;
    const listing = async () =>
      (
        await t.inject({
          method: 'GET',
          url: `/api/2.0/mlflow-artifacts/artifacts?path=${exp}/${runId}/artifacts`,
        })
      ).json() as { files?: Array<{ path: string; file_size?: number }> };

    it('rejects a declared Content-Length over the limit', async () => {
      const response = await t.inject({
        method: 'PUT',
        url: path(),
        payload: Buffer.alloc(ARTIFACT_LIMIT + 1),
      });
      expectError(response, 413, 'RESOURCE_LIMIT_EXCEEDED');
      expect((await listing()).files ?? []).toEqual([]);
    });

    it('stops a chunked upload once it passes the limit and keeps the previous file', async () => {
      const original = Buffer.alloc(1000, 7);
      expect((await t.inject({ method: 'PUT', url: path(), payload: original })).statusCode).toBe(
        200,
      );
      const chunks = Array.from({ length: 30 }, () => Buffer.alloc(10 * 1024, 1));
      const response = await t.inject({
        method: 'PUT',
        url: path(),
        headers: { 'transfer-encoding': 'chunked' },
        payload: Readable.from(chunks),
      });
      expectError(response, 413, 'RESOURCE_LIMIT_EXCEEDED');
      expect((await listing()).files).toEqual([
        { path: 'big.bin', is_dir: false, file_size: 1000 },
      ]);
      const kept = await t.inject({ method: 'GET', url: path() });
      expect(Buffer.compare(kept.rawPayload, original)).toBe(0);
    });

    it('accepts an upload larger than the JSON body limit but within the artifact limit', async () => {
      const body = Buffer.alloc(BODY_LIMIT * 1.5, 3);
      const response = await t.inject({
        method: 'PUT',
        url: path(),
        headers: { 'transfer-encoding': 'chunked' },
        payload: Readable.from([body.subarray(0, 50_000), body.subarray(50_000)]),
      });
      expect(response.statusCode, response.body).toBe(200);
      expect((await listing()).files).toEqual([
        { path: 'big.bin', is_dir: false, file_size: body.length },
      ]);
    });

    it('drops an upload the client abandons and keeps serving', async () => {
      let reads = 0;
      const payload = new Readable({
        read() {
          reads++;
          if (reads < 3) this.push(Buffer.alloc(1000, 1));
          else this.destroy(new Error('client went away'));
        },
      });
      const url = `/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/abandoned.bin`;
      await expect(
        t.inject({ method: 'PUT', url, headers: { 'transfer-encoding': 'chunked' }, payload }),
      ).rejects.toThrow('client went away');
      const names = ((await listing()).files ?? []).map((f) => f.path);
      expect(names).not.toContain('abandoned.bin');
      expect((await t.call('GET', `/runs/get?run_id=${runId}`)).statusCode).toBe(200);
    });

    it('rejects unsafe artifact paths', async () => {
      expectError(
        await t.inject({
          method: 'GET',
          url: '/api/2.0/mlflow-artifacts/artifacts/a/..%2F..%2Fsecret',
        }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectError(
        await t.inject({ method: 'GET', url: '/api/2.0/mlflow-artifacts/artifacts?path=/etc' }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
    });
  });
});

describe('unexpected failures', () => {
  it('answer INTERNAL_ERROR 500 without internals', async () => {
    const t = await startMlflowTestApp();
    // Pull the database out from under the services: every query now fails with a driver error.
    await t.platform.database.close();
    const response = await t.call('GET', '/experiments/get?experiment_id=0');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error_code: 'INTERNAL_ERROR',
      message: 'Internal server error.',
    });
    // Closing the already-closed database may complain; the temporary files still go.
    await t.close().catch(() => undefined);
  });
});

describe('an oversized upload over a real socket', () => {
  it('gets its 413 while still sending, and the server keeps serving', async () => {
    const t = await startMlflowTestApp({ artifactLimitBytes: 100_000 });
    try {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = new URL('/api/2.0/mlflow-artifacts/artifacts/a/huge.bin', address);
      const result = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = request(
          url,
          { method: 'PUT', headers: { 'transfer-encoding': 'chunked' } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode, body }));
          },
        );
        req.on('error', reject);
        // 5 MB, far past the limit: the server must answer without reading it all into memory.
        let sent = 0;
        const pump = () => {
          while (sent < 5_000_000) {
            sent += 16_384;
            if (!req.write(Buffer.alloc(16_384))) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toMatchObject({ error_code: 'RESOURCE_LIMIT_EXCEEDED' });
      const after = await fetch(
        new URL('/api/2.0/mlflow/experiments/get?experiment_id=0', address),
      );
      expect(after.status).toBe(200);
      const listed = await fetch(new URL('/api/2.0/mlflow-artifacts/artifacts?path=a', address));
      expect(await listed.json()).toEqual({});
    } finally {
      await t.close();
    }
  });
});
