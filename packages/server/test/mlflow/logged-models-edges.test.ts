import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { startMlflowTestApp } from './mlflow-test-app.js';

/** Logged-model endpoints at their edges: odd tag keys, paging tokens, the web UI's prefix. */
describe('MLflow logged models at the edges', () => {
  let t: MlflowTestApp;
  let exp: string;
  const json = async (method: string, path: string, body?: unknown) => {
    const response = await t.call(method, path, body);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(200);
    return response.json() as Record<string, unknown>;
  };
  const create = async (name: string) =>
    (
      (await json('POST', '/logged-models', { experiment_id: exp, name })) as {
        model: { info: { model_id: string } };
      }
    ).model.info.model_id;

  beforeAll(async () => {
    t = await startMlflowTestApp();
    exp = (
      (await json('POST', '/experiments/create', { name: 'edges' })) as { experiment_id: string }
    ).experiment_id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('deletes a tag whose key has a slash or a space', async () => {
    const id = await create('tagged');
    await json('PATCH', `/logged-models/${id}/tags`, {
      tags: [
        { key: 'team/owner', value: 'a' },
        { key: 'with space', value: 'b' },
        { key: 'kept', value: 'c' },
      ],
    });
    // MLflow's client puts the key into the path as is; a percent-encoded key works as well.
    await json('DELETE', `/logged-models/${id}/tags/team/owner`);
    await json('DELETE', `/logged-models/${id}/tags/with%20space`);
    const again = await t.call('DELETE', `/logged-models/${id}/tags/team%2Fowner`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: `No tag with key 'team/owner' found for model with ID '${id}'.`,
    });
    const got = (await json('GET', `/logged-models/${id}`)) as {
      model: { info: { tags: unknown } };
    };
    expect(got.model.info.tags).toEqual([{ key: 'kept', value: 'c' }]);
  });

  it('pages through search results with tokens bound to the query', async () => {
    const ids = new Set<string>();
    for (const name of ['p1', 'p2', 'p3']) ids.add(await create(name));
    const seen: string[] = [];
    let token: string | undefined;
    const body = { experiment_ids: [exp], filter: "name LIKE 'p%'", max_results: 2 };
    do {
      const page = (await json('POST', '/logged-models/search', {
        ...body,
        ...(token ? { page_token: token } : {}),
      })) as { models?: Array<{ info: { model_id: string } }>; next_page_token?: string };
      for (const m of page.models ?? []) seen.push(m.info.model_id);
      token = page.next_page_token;
    } while (token && seen.length < 10);
    expect(seen).toHaveLength(3);
    expect(new Set(seen)).toEqual(ids);

    const first = (await json('POST', '/logged-models/search', body)) as {
      next_page_token: string;
    };
    const replayed = await t.call('POST', '/logged-models/search', {
      experiment_ids: [exp],
      filter: "name = 'p1'",
      page_token: first.next_page_token,
    });
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  it('serves the same endpoints under the web UI prefix', async () => {
    const id = await create('ui');
    const response = await t.inject({
      method: 'GET',
      url: `/ajax-api/2.0/mlflow/logged-models/${id}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ model: { info: { model_id: id, name: 'ui' } } });
  });

  it('refuses outputs for a deleted run', async () => {
    const id = await create('outputs');
    const { run } = (await json('POST', '/runs/create', { experiment_id: exp })) as {
      run: { info: { run_id: string } };
    };
    await json('POST', '/runs/delete', { run_id: run.info.run_id });
    const outputs = await t.call('POST', '/runs/outputs', {
      run_id: run.info.run_id,
      models: [{ model_id: id, step: 0 }],
    });
    expect(outputs.statusCode).toBe(400);
    expect(outputs.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });
});
