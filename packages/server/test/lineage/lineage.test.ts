import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_CALLER } from '@slipway/core';
import type { LineageGraph } from '@slipway/core';
import { LineageService } from '../../src/lineage/lineage-service.js';
import { sqlStores } from '../../src/storage/sql/unit-of-work.js';
import { failsWith } from '../pipelines/pipeline-fixtures.js';
import { openPipelineServer } from '../pipelines/pipeline-test-server.js';
import type { PipelineTestServer } from '../pipelines/pipeline-test-server.js';
import { seedLineage } from './lineage-seed.js';
import type { SeededLineage } from './lineage-seed.js';

let server: PipelineTestServer;
let s: SeededLineage;

beforeAll(async () => {
  server = await openPipelineServer(['alice', 'bob']);
  s = await seedLineage(server.admin);
});
afterAll(async () => server?.close());

const ids = (g: LineageGraph) => g.nodes.map((n) => n.id).sort();
const edge = (from: string, relation: string, to: string) => ({ from, to, relation });

describe('lineage', () => {
  it('walks upstream from a model version to the dataset its pipeline read', async () => {
    const g = await server.admin.lineage.get(s.model);
    const p = `pipelines:/${s.pipelineRun}`;
    expect(g).toMatchObject({ root: s.model, direction: 'upstream', depth: 10, truncated: false });
    expect(ids(g)).toEqual(
      [
        s.model,
        `runs:/${s.trainRun}`,
        `${p}/train`,
        `${p}/prepare`,
        p,
        `runs:/${s.prepareRun}`,
        s.dataset,
      ].sort(),
    );
    expect(g.edges).toEqual(
      expect.arrayContaining([
        edge(`runs:/${s.trainRun}`, 'produced', s.model),
        edge(`${p}/train`, 'logged to', `runs:/${s.trainRun}`),
        edge(`${p}/prepare`, 'needed by', `${p}/train`),
        edge(p, 'contains', `${p}/train`),
        edge(`${p}/prepare`, 'logged to', `runs:/${s.prepareRun}`),
        edge(s.dataset, 'read by', `runs:/${s.prepareRun}`),
      ]),
    );
    const dataset = g.nodes.find((n) => n.id === s.dataset);
    expect(dataset).toMatchObject({
      type: 'dataset-version',
      label: 'tx@1',
      attributes: { name: 'tx', version: 1, rows: 2 },
    });
    expect(g.nodes.find((n) => n.id === `${p}/train`)).toMatchObject({
      type: 'pipeline-step',
      label: 'churn/train',
      attributes: { status: 'succeeded', pipeline: 'churn' },
    });
  });

  it('walks downstream from a dataset version to the deployment serving what was built', async () => {
    const g = await server.admin.lineage.get(s.dataset, { direction: 'downstream' });
    const p = `pipelines:/${s.pipelineRun}`;
    expect(ids(g)).toEqual(
      [
        s.dataset,
        `runs:/${s.prepareRun}`,
        `${p}/prepare`,
        `${p}/train`,
        `pipelines:/${s.cachedRun}/prepare`,
        // The second run's train needs the cached prepare (pending there, but built from it).
        `pipelines:/${s.cachedRun}/train`,
        `runs:/${s.trainRun}`,
        s.model,
        s.deployment,
      ].sort(),
    );
    expect(g.edges).toEqual(
      expect.arrayContaining([
        edge(s.model, 'deployed as', s.deployment),
        edge(`${p}/prepare`, 'reused by', `pipelines:/${s.cachedRun}/prepare`),
      ]),
    );
    expect(g.nodes.find((n) => n.id === s.deployment)).toMatchObject({
      type: 'deployment',
      label: 'churn-live',
      attributes: { policy: 'single' },
    });
  });

  it('resolves an alias, bounds the walk by depth and walks both ways', async () => {
    const shallow = await server.admin.lineage.get('models:/churn@champion', { depth: 1 });
    expect(shallow.root).toBe(s.model);
    expect(ids(shallow)).toEqual([s.model, `runs:/${s.trainRun}`].sort());
    const none = await server.admin.lineage.get(s.model, { depth: 0 });
    expect(none.nodes.map((n) => n.id)).toEqual([s.model]);
    const both = await server.admin.lineage.get(s.model, { direction: 'both' });
    expect(ids(both)).toEqual(expect.arrayContaining([s.dataset, s.deployment]));
    const fromDeployment = await server.admin.lineage.get(s.deployment);
    expect(ids(fromDeployment)).toEqual(expect.arrayContaining([s.model, s.dataset]));
    const fromCached = await server.admin.lineage.get(`pipelines:/${s.cachedRun}/prepare`);
    expect(ids(fromCached)).toEqual(expect.arrayContaining([s.dataset]));
  });

  it('answers NOT_FOUND for an unknown node and INVALID_ARGUMENT for a bad reference', async () => {
    expect(await failsWith(server.admin.lineage.get('models:/nope/1'), 'NOT_FOUND')).toMatch(
      /No model version 'models:\/nope\/1'/u,
    );
    expect(await failsWith(server.admin.lineage.get('models:/churn@nope'), 'NOT_FOUND')).toMatch(
      /no alias 'nope'/u,
    );
    await failsWith(server.admin.lineage.get('datasets:/tx@9'), 'NOT_FOUND');
    await failsWith(server.admin.lineage.get(`pipelines:/${s.pipelineRun}/zz`), 'NOT_FOUND');
    expect(await failsWith(server.admin.lineage.get('churn'), 'INVALID_ARGUMENT')).toMatch(
      /models:\/<name>\/<version>/u,
    );
    await failsWith(server.admin.lineage.get(s.model, { depth: 1000 }), 'INVALID_ARGUMENT');
  });

  it('hides what the caller may not read and does not walk past it', async () => {
    await server.admin.permissions.set('experiment', '0', 'alice', 'NO_PERMISSIONS');
    await server.admin.permissions.set('registered_model', 'churn', 'bob', 'NO_PERMISSIONS');
    const alice = server.as('alice');
    const g = await alice.lineage.get(s.model);
    // The model's run is hidden: no name, no id, and nothing behind it.
    expect(g.nodes).toHaveLength(2);
    const hidden = g.nodes.find((n) => n.hidden === true);
    expect(hidden).toEqual({
      id: 'hidden:1',
      type: 'run',
      label: 'hidden',
      attributes: {},
      hidden: true,
    });
    expect(g.edges).toEqual([edge('hidden:1', 'produced', s.model)]);
    expect(JSON.stringify(g)).not.toContain('train-run');

    const down = await alice.lineage.get(s.dataset, { direction: 'downstream' });
    expect(down.nodes.map((n) => n.hidden ?? false)).toEqual([false, true]);
    expect(JSON.stringify(down)).not.toContain(s.deployment);

    await failsWith(server.as('bob').lineage.get(s.model), 'PERMISSION_DENIED');
    const bob = await server.as('bob').lineage.get(s.deployment);
    expect(bob.nodes.find((n) => n.type === 'model-version')).toMatchObject({ hidden: true });
    expect(JSON.stringify(bob)).not.toContain('churn/');
  });

  it('stops at the node cap and says the graph is truncated', async () => {
    // The test server's platform is typed from the built package, this service from source: the
    // same class, which private members make two types to the compiler.
    const access = server.platform.access as unknown as ConstructorParameters<
      typeof LineageService
    >[1];
    const service = new LineageService(sqlStores(server.platform.database), access, 3);
    const g = await service.graph(
      { ...ANONYMOUS_CALLER, isAdmin: true },
      { node: s.model, direction: 'upstream', depth: 10 },
    );
    expect(g.truncated).toBe(true);
    expect(g.nodes).toHaveLength(3);
    for (const e of g.edges) {
      expect(ids(g)).toEqual(expect.arrayContaining([e.from, e.to]));
    }
  });
});
