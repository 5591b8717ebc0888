import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '@slipway/core';
import { SlipwayClient } from '@slipway/sdk';
import type { SlipwayError } from '@slipway/sdk';
import { SYSTEM_ADMIN, passwordOf } from '../access/access-fixtures.js';
import { as, openDeploymentHarness } from './support/deployment-harness.js';
import type { DeploymentHarness } from './support/deployment-harness.js';
import { statsPredictor, statsRow } from './support/stats-fixtures.js';

let h: DeploymentHarness;
let admin: SlipwayClient;
// Recent times: the platform's retention (30 days by default) must not touch them.
const T0 = Date.now() - 600_000;

/** Prediction n of deployment `logged`: version 1 for even n, 2 for odd n, one second apart. */
function record(n: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  const version = n % 2 === 0 ? '1' : '2';
  return {
    requestId: `req-${n}`,
    deployment: 'logged',
    modelName: 'scores',
    modelVersion: version,
    variant: version === '1' ? 'stable' : 'candidate',
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [n, n + 0.5] }],
    outputs: [{ name: 'probability', datatype: 'FP32', shape: [1, 1], data: [n / 10] }],
    latencyMs: 1 + n,
    status: 'ok',
    time: T0 + n * 1_000,
    ...overrides,
  };
}

async function search(query: string, headers: Record<string, string> = {}) {
  return h.api('GET', `/api/v1/deployments/logged/predictions/search${query}`, undefined, headers);
}

const ids = (predictions: { requestId: string }[]) => predictions.map((p) => p.requestId);

beforeAll(async () => {
  h = await openDeploymentHarness({ users: [] });
  await h.platform.users.create(SYSTEM_ADMIN, {
    username: 'outsider',
    password: passwordOf('outsider'),
    isAdmin: false,
  });
  admin = new SlipwayClient({
    baseUrl: h.baseUrl,
    username: 'admin',
    password: 'admin-password-123',
  });
  await h.register('scores', statsPredictor(1));
  await h.apply({ name: 'logged', policy: { type: 'single', model: 'models:/scores/1' } });
  await h.platform.predictionLogStore.append([0, 1, 2, 3, 4, 5, 6].map((n) => record(n)));
  // Two at the same millisecond: paging must neither skip nor repeat either.
  await h.platform.predictionLogStore.append([
    record(7, { time: T0 + 6_000 }),
    record(8, { status: 'error', outputs: [], error: 'boom', modelName: 'other' }),
  ]);
  await h.platform.predictionLogStore.append([
    { ...record(9), deployment: 'elsewhere', requestId: 'not-this-one' },
  ]);
  await h.platform.predictionLogStore.attachGroundTruth([
    { deployment: 'logged', requestId: 'req-3', label: 1, time: T0 + 20_000 },
  ]);
  const set = await h.api('PUT', '/api/v1/deployments/logged/permissions/outsider', {
    permission: 'NO_PERMISSIONS',
  });
  expect(set.status, JSON.stringify(set.json)).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

describe('GET /api/v1/deployments/{name}/predictions/search', () => {
  it('answers newest first with inputs, outputs, version, latency, status and ground truth', async () => {
    const res = await search('');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(ids(res.json.predictions)).toEqual([
      'req-8',
      'req-7',
      'req-6',
      'req-5',
      'req-4',
      'req-3',
      'req-2',
      'req-1',
      'req-0',
    ]);
    expect(res.json.nextPageToken).toBeUndefined();
    const third = res.json.predictions.find((p: { requestId: string }) => p.requestId === 'req-3');
    expect(third).toMatchObject({
      time: T0 + 3_000,
      modelName: 'scores',
      modelVersion: '2',
      variant: 'candidate',
      latencyMs: 4,
      status: 'ok',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [3, 3.5] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [1, 1] }],
      groundTruth: { label: 1, time: T0 + 20_000 },
    });
    expect(res.json.predictions[0]).toMatchObject({ status: 'error', error: 'boom', outputs: [] });
  });

  it('pages back in time without skipping or repeating rows of the same millisecond', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const tokenQuery = token === undefined ? '' : `&pageToken=${encodeURIComponent(token)}`;
      const res = await search(`?maxResults=2${tokenQuery}`);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.predictions.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.json.predictions));
      token = res.json.nextPageToken;
      pages += 1;
    } while (token !== undefined && pages < 20);
    expect(seen).toEqual(
      ['req-8', 'req-7', 'req-6', 'req-5', 'req-4', 'req-3', 'req-2'].concat(['req-1', 'req-0']),
    );
    expect(pages).toBe(5);
  });

  it('narrows by model version, model name and time range', async () => {
    expect(ids((await search('?version=2')).json.predictions)).toEqual([
      'req-7',
      'req-5',
      'req-3',
      'req-1',
    ]);
    expect(ids((await search('?version=1&model=scores')).json.predictions)).toEqual([
      'req-6',
      'req-4',
      'req-2',
      'req-0',
    ]);
    expect(ids((await search('?model=other')).json.predictions)).toEqual(['req-8']);
    const window = `?from=${T0 + 2_000}&to=${T0 + 5_000}`;
    expect(ids((await search(window)).json.predictions)).toEqual(['req-4', 'req-3', 'req-2']);
    expect(ids((await search(`${window}&version=1`)).json.predictions)).toEqual(['req-4', 'req-2']);
  });

  it('lists what the deployment really served, through the SDK', async () => {
    const reply = await h.infer('logged', [statsRow(42)], { id: 'served-for-real' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    await h.platform.predictionLogger.flush();
    const page = await admin.deployments.predictions('logged', { maxResults: 1 });
    expect(ids(page.predictions)).toEqual(['served-for-real']);
    expect(page.predictions[0]).toMatchObject({ modelName: 'scores', modelVersion: '1' });
    expect(page.predictions[0]?.outputs[0]?.data[0]).toBeCloseTo(1.42, 5);
    expect(page.nextPageToken).toBeDefined();
    const older = await admin.deployments.predictions('logged', {
      maxResults: 1,
      pageToken: page.nextPageToken,
    });
    expect(ids(older.predictions)).toEqual(['req-8']);
  });

  it('refuses bad paging, and callers without READ', async () => {
    const tooMany = await search('?maxResults=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe('INVALID_ARGUMENT');
    const badToken = await search('?pageToken=not-a-token');
    expect(badToken.status).toBe(400);
    expect(badToken.json.error.message).toContain('nextPageToken');
    const refused = await search('', as('outsider'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
    const outsider = new SlipwayClient({
      baseUrl: h.baseUrl,
      username: 'outsider',
      password: passwordOf('outsider'),
    });
    const err = await outsider.deployments.predictions('logged').catch((e: unknown) => e);
    expect((err as SlipwayError).code).toBe('PERMISSION_DENIED');
  });
});
