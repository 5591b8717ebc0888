import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { startMlflowTestApp } from './mlflow-test-app.js';

/** MLflow's web UI calls the same endpoints under /ajax-api/2.0; both prefixes must behave alike. */
describe('API prefixes', () => {
  let t: MlflowTestApp;
  let exp: string;
  let runId: string;

  beforeAll(async () => {
    t = await startMlflowTestApp();
    const created = await t.inject({
      method: 'POST',
      url: '/ajax-api/2.0/mlflow/experiments/create',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'via-ajax' }),
    });
    expect(created.statusCode).toBe(200);
    exp = (created.json() as { experiment_id: string }).experiment_id;
    const run = await t.call('POST', '/runs/create', { experiment_id: exp });
    runId = (run.json() as { run: { info: { run_id: string } } }).run.info.run_id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    '/mlflow/experiments/get?experiment_id={exp}',
    '/mlflow/experiments/get-by-name?experiment_name=via-ajax',
    '/mlflow/runs/get?run_id={run}',
    '/mlflow/artifacts/list?run_id={run}',
    '/mlflow/experiments/get?experiment_id=999999',
    '/mlflow/no/such/endpoint',
  ])('GET %s answers the same under both prefixes', async (template) => {
    const path = template.replace('{exp}', exp).replace('{run}', runId);
    const api = await t.inject({ method: 'GET', url: `/api/2.0${path}` });
    const ajax = await t.inject({ method: 'GET', url: `/ajax-api/2.0${path}` });
    expect(ajax.statusCode).toBe(api.statusCode);
    // Error messages may quote the URL, which differs only in its prefix.
    expect(JSON.parse(ajax.body.replaceAll('/ajax-api/', '/api/'))).toEqual(api.json());
  });

  it('serves the artifact proxy under both prefixes', async () => {
    const file = `${exp}/${runId}/artifacts/notes.txt`;
    const put = await t.inject({
      method: 'PUT',
      url: `/ajax-api/2.0/mlflow-artifacts/artifacts/${file}`,
      payload: 'hello',
    });
    expect(put.statusCode).toBe(200);
    const get = await t.inject({
      method: 'GET',
      url: `/api/2.0/mlflow-artifacts/artifacts/${file}`,
    });
    expect(get.body).toBe('hello');
  });

  it('answers multipart upload requests with the message that makes clients fall back', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/2.0/mlflow-artifacts/mpu/create/1/run/artifacts/big.bin',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ path: 'big.bin', num_parts: 3 }),
    });
    expect(response.statusCode).toBe(501);
    expect(response.json()).toEqual({
      error_code: 'NOT_IMPLEMENTED',
      message: 'Multipart upload is not supported for the current artifact repository',
    });
  });

  it('leaves paths outside the MLflow prefixes to the rest of the server', async () => {
    const response = await t.inject({ method: 'GET', url: '/elsewhere/other/thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).not.toHaveProperty('error_code');
  });

  it('answers unknown paths under /api/2.0 as MLflow does', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/2.0/other/thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  });
});
