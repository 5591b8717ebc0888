import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes } from '@slipway/core';
import { openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
beforeAll(async () => {
  h = await openNativeHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => h.close());

// The API the requirements ask for, written out by hand so the test does not derive it from the
// route table it checks.
const EXPECTED: Array<[method: string, path: string]> = [
  ['post', '/api/v1/experiments'],
  ['get', '/api/v1/experiments'],
  ['get', '/api/v1/experiments/by-name'],
  ['get', '/api/v1/experiments/{experimentId}'],
  ['patch', '/api/v1/experiments/{experimentId}'],
  ['delete', '/api/v1/experiments/{experimentId}'],
  ['post', '/api/v1/experiments/{experimentId}/restore'],
  ['put', '/api/v1/experiments/{experimentId}/tags/{key}'],
  ['delete', '/api/v1/experiments/{experimentId}/tags/{key}'],
  ['get', '/api/v1/experiments/{experimentId}/keys'],
  ['post', '/api/v1/runs'],
  ['post', '/api/v1/runs/search'],
  ['get', '/api/v1/runs/{runId}'],
  ['patch', '/api/v1/runs/{runId}'],
  ['delete', '/api/v1/runs/{runId}'],
  ['post', '/api/v1/runs/{runId}/restore'],
  ['put', '/api/v1/runs/{runId}/tags/{key}'],
  ['delete', '/api/v1/runs/{runId}/tags/{key}'],
  ['put', '/api/v1/runs/{runId}/params/{key}'],
  ['post', '/api/v1/runs/{runId}/log-batch'],
  ['get', '/api/v1/runs/{runId}/metrics/{key}/history'],
  ['get', '/api/v1/runs/{runId}/logged-models'],
  ['get', '/api/v1/metrics/{key}/history-interval'],
  ['post', '/api/v1/runs/{runId}/inputs'],
  ['put', '/api/v1/runs/{runId}/artifacts/{path}'],
  ['get', '/api/v1/runs/{runId}/artifacts/{path}'],
  ['get', '/api/v1/runs/{runId}/artifacts'],
  ['get', '/api/v1/runs/{runId}/artifact-signatures/{path}'],
  ['post', '/api/v1/models'],
  ['get', '/api/v1/models'],
  ['get', '/api/v1/models/resolve'],
  ['get', '/api/v1/models/{name}'],
  ['patch', '/api/v1/models/{name}'],
  ['delete', '/api/v1/models/{name}'],
  ['put', '/api/v1/models/{name}/tags/{key}'],
  ['delete', '/api/v1/models/{name}/tags/{key}'],
  ['get', '/api/v1/models/{name}/history'],
  ['post', '/api/v1/models/{name}/versions'],
  ['get', '/api/v1/models/{name}/versions'],
  ['get', '/api/v1/model-versions'],
  ['get', '/api/v1/models/{name}/versions/{version}'],
  ['patch', '/api/v1/models/{name}/versions/{version}'],
  ['delete', '/api/v1/models/{name}/versions/{version}'],
  ['post', '/api/v1/models/{name}/versions/{version}/stage'],
  ['put', '/api/v1/models/{name}/versions/{version}/tags/{key}'],
  ['delete', '/api/v1/models/{name}/versions/{version}/tags/{key}'],
  ['get', '/api/v1/models/{name}/versions/{version}/download-uri'],
  ['get', '/api/v1/models/{name}/versions/{version}/signature'],
  ['put', '/api/v1/models/{name}/aliases/{alias}'],
  ['get', '/api/v1/models/{name}/aliases/{alias}'],
  ['delete', '/api/v1/models/{name}/aliases/{alias}'],
  ['put', '/api/v1/models/{name}/uploads/{uploadId}/{path}'],
  ['post', '/api/v1/deployments'],
  ['get', '/api/v1/deployments'],
  ['put', '/api/v1/deployments/{name}'],
  ['get', '/api/v1/deployments/{name}'],
  ['delete', '/api/v1/deployments/{name}'],
  ['post', '/api/v1/deployments/{name}/promote'],
  ['post', '/api/v1/deployments/{name}/rollback'],
  ['post', '/api/v1/deployments/{name}/feedback'],
  ['post', '/api/v1/deployments/{name}/ground-truth'],
  ['get', '/api/v1/deployments/{name}/events'],
  ['get', '/api/v1/deployments/{name}/predictions'],
  ['get', '/api/v1/deployments/{name}/predictions/search'],
  ['get', '/api/v1/deployments/{name}/stats'],
  ['get', '/api/v1/deployments/{name}/stats/stream'],
  ['get', '/api/v1/deployments/{name}/analysis'],
  ['get', '/api/v1/auth/whoami'],
  ['post', '/api/v1/users'],
  ['get', '/api/v1/users'],
  ['get', '/api/v1/users/{username}'],
  ['patch', '/api/v1/users/{username}'],
  ['delete', '/api/v1/users/{username}'],
  ['get', '/api/v1/users/{username}/permissions'],
  ['post', '/api/v1/tokens'],
  ['get', '/api/v1/tokens'],
  ['delete', '/api/v1/tokens/{tokenId}'],
  ['get', '/api/v1/experiments/{experimentId}/permissions'],
  ['put', '/api/v1/experiments/{experimentId}/permissions/{username}'],
  ['delete', '/api/v1/experiments/{experimentId}/permissions/{username}'],
  ['get', '/api/v1/models/{name}/permissions'],
  ['put', '/api/v1/models/{name}/permissions/{username}'],
  ['delete', '/api/v1/models/{name}/permissions/{username}'],
  ['get', '/api/v1/deployments/{name}/permissions'],
  ['put', '/api/v1/deployments/{name}/permissions/{username}'],
  ['delete', '/api/v1/deployments/{name}/permissions/{username}'],
  ['get', '/api/v1/audit'],
  ['post', '/api/v1/validate'],
  ['post', '/api/v1/drift'],
  ['get', '/api/v1/webhooks/{webhookId}/deliveries'],
  ['post', '/api/v1/monitors'],
  ['get', '/api/v1/monitors'],
  ['put', '/api/v1/monitors/{name}'],
  ['get', '/api/v1/monitors/{name}'],
  ['delete', '/api/v1/monitors/{name}'],
  ['post', '/api/v1/monitors/{name}/run'],
  ['get', '/api/v1/monitors/{name}/history'],
  ['get', '/api/v1/monitors/{name}/runs/{runId}/report'],
  ['get', '/api/v1/monitors/{name}/alerts'],
  ['get', '/api/v1/monitors/{name}/alert-events'],
  ['get', '/api/v1/retraining-triggers'],
  ['post', '/api/v1/retraining-triggers/{id}/claim'],
  ['put', '/api/v1/datasets/{name}/files/{path}'],
  ['post', '/api/v1/datasets/{name}/versions'],
  ['get', '/api/v1/datasets'],
  ['get', '/api/v1/datasets/{name}'],
  ['get', '/api/v1/datasets/{name}/versions'],
  ['get', '/api/v1/datasets/{name}/versions/{version}'],
  ['get', '/api/v1/datasets/{name}/versions/{version}/files/{path}'],
  ['post', '/api/v1/datasets/{name}/versions/{version}/link'],
  ['get', '/api/v1/datasets/{name}/permissions'],
  ['put', '/api/v1/datasets/{name}/permissions/{username}'],
  ['delete', '/api/v1/datasets/{name}/permissions/{username}'],
  ['post', '/api/v1/pipelines/runs'],
  ['get', '/api/v1/pipelines'],
  ['get', '/api/v1/pipelines/runs'],
  ['get', '/api/v1/pipelines/runs/{runId}'],
  ['post', '/api/v1/pipelines/runs/{runId}/cancel'],
  ['get', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}'],
  ['get', '/api/v1/pipelines/runs/{runId}/steps'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/queue'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/start'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/heartbeat'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/retry'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/finish'],
  ['put', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/outputs/{path}'],
  ['get', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/outputs/{path}'],
  ['get', '/api/v1/pipelines/cache/{cacheKey}'],
  ['post', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/logs'],
  ['get', '/api/v1/pipelines/runs/{runId}/steps/{stepKey}/logs'],
  ['get', '/api/v1/pipelines/{name}/permissions'],
  ['put', '/api/v1/pipelines/{name}/permissions/{username}'],
  ['delete', '/api/v1/pipelines/{name}/permissions/{username}'],
  ['get', '/api/v1/lineage'],
];

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with exactly the expected operations', () => {
    expect(doc.openapi).toBe('3.1.0');
    const actual = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((method) => `${method} ${path}`),
    );
    expect(actual.sort()).toEqual(EXPECTED.map(([m, p]) => `${m} ${p}`).sort());
    expect(Object.keys(nativeRoutes)).toHaveLength(EXPECTED.length);
  });

  it('lists every path parameter, with unique operation ids', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const op of Object.values(ops as Record<string, any>)) {
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        const inPath = (op.parameters ?? [])
          .filter((p: { in: string }) => p.in === 'path')
          .map((p: { name: string }) => p.name);
        expect(inPath.sort()).toEqual([...templated].sort());
        expect(op.responses.default.content['application/json'].schema.$ref).toBe(
          '#/components/schemas/Error',
        );
      }
    }
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/gu)];
    expect(refs.length).toBeGreaterThan(50);
    for (const [, name] of refs) expect(doc.components.schemas).toHaveProperty(name as string);
  });

  it('describes bodies: JSON for metadata, octet-stream for uploads', () => {
    const create = doc.paths['/api/v1/experiments'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CreateExperimentRequest',
    );
    expect(create.responses['201'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ExperimentResponse',
    );
    const experiment = doc.components.schemas.Experiment;
    expect(experiment.required).toEqual(
      expect.arrayContaining(['experimentId', 'name', 'lifecycleStage', 'tags']),
    );
    const upload = doc.paths['/api/v1/runs/{runId}/artifacts/{path}'].put;
    expect(Object.keys(upload.requestBody.content)).toEqual(['application/octet-stream']);
    const download = doc.paths['/api/v1/runs/{runId}/artifacts/{path}'].get;
    expect(Object.keys(download.responses['200'].content)).toEqual(['application/octet-stream']);
    const exported = doc.paths['/api/v1/deployments/{name}/predictions'].get;
    expect(Object.keys(exported.responses['200'].content)).toEqual(['application/octet-stream']);
    expect(
      exported.parameters.map((p: { name: string; in: string; required: boolean }) => [
        p.name,
        p.in,
        p.required,
      ]),
    ).toEqual([
      ['name', 'path', true],
      ['format', 'query', true],
      ['from', 'query', false],
      ['to', 'query', false],
      ['version', 'query', false],
      ['model', 'query', false],
    ]);
    const metric = doc.components.schemas.Metric.properties.value;
    expect(JSON.stringify(metric)).toContain('NaN');
    const search = doc.paths['/api/v1/experiments'].get.parameters.map(
      (p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required],
    );
    expect(search).toEqual([
      ['filter', 'query', false],
      ['orderBy', 'query', false],
      ['viewType', 'query', false],
      ['maxResults', 'query', false],
      ['pageToken', 'query', false],
    ]);
  });
});
