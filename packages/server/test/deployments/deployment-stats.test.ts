import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentStats } from '@slipway/core';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { SYSTEM_ADMIN, passwordOf } from '../access/access-fixtures.js';
import { as, constantPredictor, openDeploymentHarness } from './support/deployment-harness.js';
import type { DeploymentHarness } from './support/deployment-harness.js';
import {
  SERVER_ERROR_STATUSES,
  loggedLatencies,
  nearestRank,
  requestCounters,
  statsPredictor,
  statsRow,
} from './support/stats-fixtures.js';

let h: DeploymentHarness;

beforeAll(async () => {
  // Authentication on: requests go as the admin unless they carry a user's credentials.
  h = await openDeploymentHarness({ users: [] });
  for (const username of ['viewer', 'outsider']) {
    await h.platform.users.create(SYSTEM_ADMIN, {
      username,
      password: passwordOf(username),
      isAdmin: false,
    });
  }
  await h.register('answers', statsPredictor(1)); // answers 1: 1 + feature / 100
  await h.register('answers', statsPredictor(2)); // answers 2: 2 + feature / 100
  await h.register('agree', constantPredictor(0.9));
  await h.register('agree', constantPredictor(0.8));
});

afterAll(async () => {
  await h?.close();
});

async function stats(name: string, headers: Record<string, string> = {}) {
  return h.api('GET', `/api/v1/deployments/${name}/stats`, undefined, headers);
}

async function snapshot(name: string): Promise<DeploymentStats> {
  const res = await stats(name);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as DeploymentStats;
}

function version(s: DeploymentStats, v: string) {
  const found = s.versions.find((entry) => entry.model.version === v);
  if (found === undefined) throw new Error(`no version ${v} in ${JSON.stringify(s.versions)}`);
  return found;
}

/** Infers one row and returns the version that answered, checked against its answer. */
async function served(name: string, feature: number, headers: Record<string, string> = {}) {
  const reply = await h.infer(name, [statsRow(feature, feature % 7)], { headers });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const answer = reply.body.outputs?.[0]?.data[0] ?? Number.NaN;
  const v = reply.body.model_version as string;
  // Each version answers its own offset: a reply from the wrong model cannot pass.
  expect(answer).toBeCloseTo(Number(v) + feature / 100, 5);
  return v;
}

/** Infers a raw body on a pinned version; returns the status. */
async function inferRaw(name: string, v: string, rows: number[][], columns = 30) {
  const response = await fetch(`${h.baseUrl}/v2/models/${name}/versions/${v}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as('admin') },
    body: JSON.stringify({
      inputs: [
        { name: 'input', datatype: 'FP32', shape: [rows.length, columns], data: rows.flat() },
      ],
    }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('GET /api/v1/deployments/{name}/stats', () => {
  it('counts what each version of an A/B deployment served, failed and refused', async () => {
    await h.apply({
      name: 'stats-ab',
      policy: {
        type: 'ab',
        variants: [
          { name: 'one', model: 'models:/answers/1', weight: 50 },
          { name: 'two', model: 'models:/answers/2', weight: 50 },
        ],
      },
      logging: { sampleRate: 1 },
    });
    const sent = new Map<string, number>([
      ['1', 0],
      ['2', 0],
    ]);
    for (let i = 0; i < 40; i += 1) {
      const v = await served('stats-ab', i, { 'x-slipway-route-key': `user-${i}` });
      sent.set(v, (sent.get(v) ?? 0) + 1);
    }
    // 40 keys at 50/50: both versions get some (all on one side has probability 2 * 0.5^40).
    expect(sent.get('1')).toBeGreaterThan(0);
    expect(sent.get('2')).toBeGreaterThan(0);
    // Server-side failures of version 1, and requests refused for their shape (client errors).
    for (let i = 0; i < 3; i += 1)
      expect(await inferRaw('stats-ab', '1', [statsRow(-1)])).toBe(500);
    for (let i = 0; i < 2; i += 1) {
      expect(await inferRaw('stats-ab', '1', [statsRow(5).slice(0, 29)], 29)).toBe(400);
    }

    const s = await snapshot('stats-ab');
    const one = version(s, '1');
    const two = version(s, '2');
    expect(one).toMatchObject({
      variant: 'one',
      model: { name: 'answers', version: '1' },
      role: 'serving',
      trafficPercent: 50,
      requests: (sent.get('1') as number) + 5,
      errors: 3,
      clientErrors: 2,
    });
    expect(one.errorRate).toBeCloseTo(3 / one.requests, 12);
    expect(two).toMatchObject({
      variant: 'two',
      requests: sent.get('2'),
      errors: 0,
      clientErrors: 0,
      errorRate: 0,
    });
    expect(s.overall).toMatchObject({ requests: 45, errors: 3, clientErrors: 2 });
    expect(s.overall.errorRate).toBeCloseTo(3 / 45, 12);
    expect((one.observedPercent as number) + (two.observedPercent as number)).toBeCloseTo(100, 9);
    expect(one.observedPercent).toBeCloseTo((100 * one.requests) / 45, 9);
    expect(s).toMatchObject({ deployment: 'stats-ab', policy: 'ab', status: 'ready' });
    expect(s.windowSeconds).toBe(60);
    expect(s.coveredSeconds).toBeGreaterThan(0);
    expect(s.coveredSeconds).toBeLessThanOrEqual(60);
    // The rate is the window's requests over the span it covers (at least a second).
    expect(s.overall.rps).toBeCloseTo(45 / Math.max(1, s.coveredSeconds), 6);
    expect(s.canary).toBeUndefined();
    expect(s.shadow).toBeUndefined();
    expect(s.bandit).toBeUndefined();
  });

  it('counts exactly what the Prometheus request counter counts, errors as its 5xx statuses', async () => {
    const s = await snapshot('stats-ab');
    const counters = await requestCounters(h, 'stats-ab');
    for (const v of ['1', '2']) {
      const byStatus = counters.get(v) ?? new Map<string, number>();
      let requests = 0;
      let errors = 0;
      let clientErrors = 0;
      for (const [status, count] of byStatus) {
        requests += count;
        if (SERVER_ERROR_STATUSES.has(status)) errors += count;
        else if (status !== 'ok') clientErrors += count;
      }
      expect(version(s, v), `version ${v}`).toMatchObject({ requests, errors, clientErrors });
    }
    expect(counters.get('1')?.get('internal')).toBe(3);
    expect(counters.get('1')?.get('invalid_argument')).toBe(2);
  });

  it('estimates latency quantiles from the recorded latencies, per version and overall', async () => {
    const s = await snapshot('stats-ab');
    const logged = await loggedLatencies(h, 'stats-ab');
    const all: number[] = [];
    const check = (figures: DeploymentStats['overall'], latencies: number[], what: string) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      expect(figures.requests, what).toBe(sorted.length);
      for (const [q, estimate] of [
        [0.5, figures.p50LatencyMs],
        [0.95, figures.p95LatencyMs],
        [0.99, figures.p99LatencyMs],
      ] as const) {
        const exact = nearestRank(sorted, q);
        // The middle of the histogram bin holding the exact value: within 1/32 of it (+ 1 µs).
        expect(Math.abs((estimate as number) - exact), `${what} q${q}`).toBeLessThanOrEqual(
          exact / 32 + 0.001,
        );
        const [min, max] = [sorted[0] as number, sorted.at(-1) as number];
        expect(estimate as number).toBeGreaterThanOrEqual(min * (31 / 32) - 0.001);
        expect(estimate as number).toBeLessThanOrEqual(max * (33 / 32) + 0.001);
      }
    };
    for (const v of ['1', '2']) {
      const latencies = logged.get(v) ?? [];
      all.push(...latencies);
      check(version(s, v), latencies, `version ${v}`);
    }
    check(s.overall, all, 'overall');
    // Delays of up to 6 ms were asked for: the quantiles are not all the same.
    expect(s.overall.p99LatencyMs as number).toBeGreaterThan(s.overall.p50LatencyMs as number);
  });

  it("shows a canary's phase, step and analysis, and keeps counting across a promotion", async () => {
    await h.apply({
      name: 'stats-canary',
      policy: {
        type: 'canary',
        stable: 'models:/answers/1',
        candidate: 'models:/answers/2',
        steps: [25, 100],
        interval: '10m',
        analysis: { maxErrorRate: 0.05, maxP95LatencyMs: 500, minRequests: 5 },
      },
    });
    const sent = new Map<string, number>();
    for (let i = 0; i < 30; i += 1) {
      const v = await served('stats-canary', i);
      sent.set(v, (sent.get(v) ?? 0) + 1);
    }
    expect(await inferRaw('stats-canary', '2', [statsRow(-1)])).toBe(500);
    expect(await inferRaw('stats-canary', '2', [statsRow(1).slice(0, 29)], 29)).toBe(400);
    const candidate = (sent.get('2') ?? 0) + 2;

    const s = await snapshot('stats-canary');
    expect(version(s, '1')).toMatchObject({ variant: 'stable', trafficPercent: 75 });
    expect(version(s, '2')).toMatchObject({
      variant: 'candidate',
      trafficPercent: 25,
      requests: candidate,
      errors: 1,
      clientErrors: 1,
    });
    expect(s.canary).toMatchObject({
      phase: 'progressing',
      weight: 25,
      stepIndex: 0,
      steps: [25, 100],
      // The analysis leaves client errors out, as the canary controller judges.
      analysis: {
        requests: candidate - 1,
        errors: 1,
        minRequests: 5,
        maxErrorRate: 0.05,
        maxP95LatencyMs: 500,
      },
      history: [{ action: 'start', to: 25, phase: 'progressing' }],
    });
    expect(s.canary?.analysis.errorRate).toBeCloseTo(1 / (candidate - 1), 12);
    expect(s.canary?.nextAnalysisAt).toBe((s.canary?.stepStartedAt as number) + 600_000);

    const promoted = await h.api('POST', '/api/v1/deployments/stats-canary/promote');
    expect(promoted.status).toBe(200);
    const after = await snapshot('stats-canary');
    expect(after.revision).toBeGreaterThan(s.revision);
    expect(after.canary).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(after.canary?.history.map((t) => t.action)).toEqual(['start', 'promote']);
    expect(after.canary?.nextAnalysisAt).toBeUndefined();
    // Same versions: the minute of traffic is still there.
    expect(version(after, '2').requests).toBe(candidate);
    expect(version(after, '2').trafficPercent).toBe(100);
  });

  it("shows the shadow challenger's mirrored traffic and its agreement with the primary", async () => {
    await h.apply({
      name: 'stats-shadow',
      policy: { type: 'shadow', primary: 'models:/agree/1', challenger: 'models:/agree/2' },
    });
    for (let i = 0; i < 12; i += 1) {
      expect((await h.infer('stats-shadow', [statsRow(i), statsRow(i + 1)])).status).toBe(200);
    }
    // Mirrors finish after the answers: wait for all twelve.
    let s = await snapshot('stats-shadow');
    for (let tries = 0; (s.shadow?.completed ?? 0) < 12 && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      s = await snapshot('stats-shadow');
    }
    // 0.9 and 0.8 are both above 0.5: the same decision on every row, 0.1 apart.
    expect(s.shadow).toMatchObject({
      percent: 100,
      mirrored: 12,
      dropped: 0,
      completed: 12,
      errors: 0,
      comparedRows: 24,
      agreedRows: 24,
      agreementRate: 1,
    });
    expect(s.shadow?.meanAbsoluteDifference).toBeCloseTo(0.1, 5);
    expect(version(s, '1')).toMatchObject({
      variant: 'primary',
      role: 'serving',
      requests: 12,
      observedPercent: 100,
    });
    expect(version(s, '2')).toMatchObject({
      variant: 'challenger',
      role: 'shadow',
      requests: 12,
      observedPercent: null,
      trafficPercent: 100,
    });
    // Mirrored copies are not client requests.
    expect(s.overall.requests).toBe(12);
  });

  it("shows a bandit's arms with their rewards", async () => {
    await h.apply({
      name: 'stats-bandit',
      policy: {
        type: 'bandit',
        algorithm: 'epsilon-greedy',
        epsilon: 0.5,
        variants: [
          { name: 'low', model: 'models:/answers/1' },
          { name: 'high', model: 'models:/answers/2' },
        ],
      },
    });
    const rewards = new Map<string, number[]>();
    for (let i = 0; i < 10; i += 1) {
      const reply = await h.infer('stats-bandit', [statsRow(i)]);
      expect(reply.status).toBe(200);
      const arm = reply.body.model_version === '1' ? 'low' : 'high';
      const reward = arm === 'low' ? 0.25 : 0.75;
      const fed = await h.api('POST', '/api/v1/deployments/stats-bandit/feedback', {
        requestId: reply.body.id,
        reward,
      });
      expect(fed.status, JSON.stringify(fed.json)).toBe(200);
      rewards.set(arm, [...(rewards.get(arm) ?? []), reward]);
    }
    const s = await snapshot('stats-bandit');
    expect(s.bandit?.algorithm).toBe('epsilon-greedy');
    for (const arm of s.bandit?.arms ?? []) {
      const got = rewards.get(arm.id) ?? [];
      expect(arm.pulls, arm.id).toBe(got.length);
      expect(arm.rewardSum).toBeCloseTo(
        got.reduce((a, b) => a + b, 0),
        9,
      );
      expect(arm.meanReward).toBe(got.length === 0 ? null : arm.id === 'low' ? 0.25 : 0.75);
    }
    const shares = (s.bandit?.arms ?? []).map((arm) => arm.trafficPercent);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
    expect(s.overall.requests).toBe(10);
  });
});

describe('who may read the statistics', () => {
  const OUTSIDER = as('outsider');
  const VIEWER = as('viewer');

  beforeAll(async () => {
    const set = await h.api('PUT', '/api/v1/deployments/stats-ab/permissions/outsider', {
      permission: 'NO_PERMISSIONS',
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
  });

  it('answers 403 on both routes to a caller without READ, and 200 to one with it', async () => {
    for (const path of ['stats', 'stats/stream']) {
      const res = await h.api('GET', `/api/v1/deployments/stats-ab/${path}`, undefined, OUTSIDER);
      expect(res.status, path).toBe(403);
      expect(res.json.error.code).toBe('PERMISSION_DENIED');
      expect(res.json.error.message).toContain('needs READ');
    }
    expect((await stats('stats-ab', VIEWER)).status).toBe(200);

    const client = new SlipwayClient({
      baseUrl: h.baseUrl,
      username: 'outsider',
      password: passwordOf('outsider'),
    });
    const refused = await client.deployments.stats('stats-ab').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SlipwayError);
    expect((refused as SlipwayError).code).toBe('PERMISSION_DENIED');
    const stream = client.deployments.streamStats('stats-ab');
    const streamRefused = await stream.next().catch((err: unknown) => err);
    expect((streamRefused as SlipwayError).code).toBe('PERMISSION_DENIED');
  });

  it('answers 404 on both routes for an unknown deployment, 401 without credentials', async () => {
    for (const path of ['stats', 'stats/stream']) {
      for (const who of [{}, VIEWER]) {
        const res = await h.api('GET', `/api/v1/deployments/nope/${path}`, undefined, who);
        expect(res.status, path).toBe(404);
        expect(res.json.error.code).toBe('NOT_FOUND');
      }
      const anonymous = await fetch(`${h.baseUrl}/api/v1/deployments/stats-ab/${path}`);
      expect(anonymous.status).toBe(401);
      await anonymous.arrayBuffer();
    }
  });
});
