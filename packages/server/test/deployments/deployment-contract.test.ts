import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeploymentHarness } from './support/deployment-harness.js';
import type { DeploymentHarness } from './support/deployment-harness.js';

let h: DeploymentHarness;

beforeAll(async () => {
  h = await openDeploymentHarness();
});

afterAll(async () => {
  await h?.close();
});

// Written out by hand so the test does not derive the API from the route table it checks.
const ROUTES: Array<[method: string, path: string, operationId: string]> = [
  ['post', '/api/v1/deployments', 'applyDeployment'],
  ['get', '/api/v1/deployments', 'listDeployments'],
  ['put', '/api/v1/deployments/{name}', 'putDeployment'],
  ['get', '/api/v1/deployments/{name}', 'getDeployment'],
  ['delete', '/api/v1/deployments/{name}', 'deleteDeployment'],
  ['post', '/api/v1/deployments/{name}/promote', 'promoteDeployment'],
  ['post', '/api/v1/deployments/{name}/rollback', 'rollbackDeployment'],
  ['post', '/api/v1/deployments/{name}/feedback', 'postDeploymentFeedback'],
  ['post', '/api/v1/deployments/{name}/ground-truth', 'postDeploymentGroundTruth'],
  ['get', '/api/v1/deployments/{name}/events', 'listDeploymentEvents'],
  ['get', '/api/v1/deployments/{name}/predictions', 'exportPredictions'],
  ['get', '/api/v1/deployments/{name}/predictions/search', 'searchPredictions'],
  ['get', '/api/v1/deployments/{name}/stats', 'getDeploymentStats'],
  ['get', '/api/v1/deployments/{name}/stats/stream', 'streamDeploymentStats'],
];

describe('the deployments API contract', () => {
  it('is in the OpenAPI document with named request and response schemas', async () => {
    const doc = (await h.api('GET', '/api/openapi.json')).json;
    for (const [method, path, operationId] of ROUTES) {
      expect(doc.paths[path]?.[method]?.operationId).toBe(operationId);
    }
    const apply = doc.paths['/api/v1/deployments'].post;
    expect(apply.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/DeploymentSpec',
    );
    expect(apply.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ApplyDeploymentResponse',
    );
    const spec = doc.components.schemas.DeploymentSpec;
    expect(spec.required).toEqual(expect.arrayContaining(['name', 'policy']));
    expect(JSON.stringify(spec)).toContain('"bandit"');
    const stats = doc.paths['/api/v1/deployments/{name}/stats'].get;
    expect(stats.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/DeploymentStats',
    );
    const stream = doc.paths['/api/v1/deployments/{name}/stats/stream'].get;
    const events = stream.responses['200'].content['text/event-stream'];
    expect(Object.keys(stream.responses['200'].content)).toEqual(['text/event-stream']);
    expect(events['x-event-data'].$ref).toBe('#/components/schemas/DeploymentStats');
    for (const route of [stats, stream]) {
      expect(route.description).toContain("this server process's own");
    }
    expect(doc.components.schemas.DeploymentStats.required).toEqual(
      expect.arrayContaining(['windowSeconds', 'overall', 'versions', 'revision']),
    );
    expect(doc.components.schemas.Deployment.required).toEqual(
      expect.arrayContaining(['name', 'policy', 'spec', 'status', 'variants', 'revision']),
    );
  });

  it('validates feedback and ground-truth bodies', async () => {
    const noReward = await h.api('POST', '/api/v1/deployments/x/feedback', { requestId: 'r' });
    expect(noReward.status).toBe(400);
    expect(noReward.json.error.message).toContain("'reward'");
    const noLabel = await h.api('POST', '/api/v1/deployments/x/ground-truth', [{ requestId: 'r' }]);
    expect(noLabel.status).toBe(400);
    expect(noLabel.json.error.code).toBe('INVALID_ARGUMENT');
    // Valid bodies reach the service, which knows no deployment 'x'.
    expect(
      (
        await h.api('POST', '/api/v1/deployments/x/ground-truth', {
          labels: [{ requestId: 'r', label: null }],
        })
      ).status,
    ).toBe(404);
    expect(
      (await h.api('POST', '/api/v1/deployments/x/feedback', { requestId: 'r', reward: 1 })).status,
    ).toBe(404);
  });
});
