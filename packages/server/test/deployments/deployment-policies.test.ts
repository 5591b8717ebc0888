import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  constantAnswers,
  constantPredictor,
  failingPredictor,
  featureAnswers,
  featurePredictor,
  goldenAnswers,
  goldenBreastCancer,
  rowRange,
  servedBy,
  slowPredictor,
  openDeploymentHarness,
  worstError,
  wrongAnswer,
} from './support/deployment-harness.js';
import type { Answers, DeploymentHarness, Golden } from './support/deployment-harness.js';

let h: DeploymentHarness;
let golden: Golden;
/** What every version that may answer answers: a reply must match the version it names. */
let answers: Answers;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness({ users: ['ops'] });
  await h.registerBreastCancer('bc', true); // bc 1: the ONNX model, scikit-learn's probabilities
  await h.register('bc', featurePredictor(2)); // bc 2: 2 + first feature / 100, per row
  await h.register('const', constantPredictor(0.9)); // const 1: answers 0.9 for every row
  await h.register('broken', failingPredictor); // broken 1: fails every request
  await h.register('slow', slowPredictor(40)); // slow 1: answers 0.5 after 40 ms
  answers = {
    'bc/1': goldenAnswers(golden),
    'bc/2': featureAnswers(golden, 2),
    'slow/1': constantAnswers(0.5),
  };
});

/** Infers golden rows [first, first + count) and returns who served them, checking the values. */
async function served(
  name: string,
  first: number,
  count = 1,
  options?: Parameters<DeploymentHarness['infer']>[2],
): Promise<string> {
  const reply = await h.infer(name, golden.inputs.slice(first, first + count), options);
  return servedBy(reply, rowRange(first, count), answers);
}

afterAll(async () => {
  await h?.close();
});

async function deployment(name: string) {
  return (await h.api('GET', `/api/v1/deployments/${name}`)).json.deployment;
}

describe('blue-green', () => {
  it('switches instantly and rolls back, recording each change with its reason', async () => {
    const applied = await h.apply({
      name: 'bg',
      policy: { type: 'blue-green', active: 'models:/bc/1', preview: 'models:/bc/2' },
    });
    expect(applied.deployment.blueGreen).toEqual({ active: 'blue', preview: 'green' });
    expect(await served('bg', 0, 2)).toBe('bc/1');

    // The actor is the authenticated user; a header cannot choose it.
    const promoted = await h.api('POST', '/api/v1/deployments/bg/promote', undefined, {
      ...as('ops'),
      'x-slipway-user': 'mallory',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.json.deployment.blueGreen).toEqual({ active: 'green', preview: 'blue' });
    expect(promoted.json.deployment.recentEvents[0]).toMatchObject({
      action: 'switched',
      actor: 'ops',
      reason: 'switched by ops: bc v1 -> bc v2',
      details: { from: 'blue', to: 'green', fromVersion: '1', toVersion: '2' },
    });
    const after = await h.infer('bg', golden.inputs.slice(0, 4));
    expect(after.version).toBe('2');
    expect(servedBy(after, rowRange(0, 4), answers)).toBe('bc/2');

    const rolled = await h.api('POST', '/api/v1/deployments/bg/rollback');
    expect(rolled.json.deployment.recentEvents[0]).toMatchObject({ action: 'rolled-back' });
    expect(await served('bg', 0, 3)).toBe('bc/1');
    // Nothing left to undo: the last change was a rollback.
    const again = await h.api('POST', '/api/v1/deployments/bg/rollback');
    expect(again.status).toBe(412);
    expect(again.json.error.code).toBe('FAILED_PRECONDITION');
  });

  it('refuses promote on policies without a promotion', async () => {
    await h.apply({ name: 'plain', policy: { type: 'single', model: 'models:/bc/1' } });
    const refused = await h.api('POST', '/api/v1/deployments/plain/promote');
    expect(refused.status).toBe(412);
    expect(refused.json.error.message).toContain('single policy');
    expect((await h.api('POST', '/api/v1/deployments/missing/promote')).status).toBe(404);
  });
});

describe('A/B', () => {
  it('keeps a route key on one version and splits keys between both', async () => {
    await h.apply({
      name: 'ab',
      policy: {
        type: 'ab',
        variants: [
          { name: 'old', model: 'models:/bc/1', weight: 50 },
          { name: 'new', model: 'models:/bc/2', weight: 50 },
        ],
      },
    });
    const byKey = new Map<string, Set<string>>();
    for (let key = 0; key < 40; key += 1) {
      const versions = new Set<string>();
      for (let i = 0; i < 3; i += 1) {
        const row = (key * 3 + i) % golden.inputs.length;
        versions.add(
          await served('ab', row, 1, { headers: { 'x-slipway-route-key': `user-${key}` } }),
        );
      }
      byKey.set(`user-${key}`, versions);
    }
    for (const versions of byKey.values()) expect(versions.size).toBe(1);
    const chosen = [...byKey.values()].map((versions) => [...versions][0]);
    // 40 keys at 50/50: both sides get keys (all on one side has probability 2 * 0.5^40).
    expect(new Set(chosen)).toEqual(new Set(['bc/1', 'bc/2']));

    const unkeyed = new Set<string>();
    for (let i = 0; i < 40; i += 1) unkeyed.add(await served('ab', i, 2));
    expect(unkeyed).toEqual(new Set(['bc/1', 'bc/2']));
    const view = await deployment('ab');
    expect(
      view.variants.map((v: { id: string; trafficPercent: number }) => [v.id, v.trafficPercent]),
    ).toEqual([
      ['old', 50],
      ['new', 50],
    ]);
  });
});

describe('bandit', () => {
  it('shifts traffic to the variant that earns rewards', async () => {
    await h.apply({
      name: 'bandit',
      policy: {
        type: 'bandit',
        algorithm: 'thompson',
        variants: [
          { name: 'a', model: 'models:/bc/1' },
          { name: 'b', model: 'models:/bc/2' },
        ],
      },
    });
    // Version 2 earns 1, version 1 earns 0: the posterior should move traffic to b.
    for (let i = 0; i < 60; i += 1) {
      const reply = await h.infer('bandit', golden.inputs.slice(i, i + 1), { id: `fb-${i}` });
      expect(wrongAnswer(reply, [i], answers)).toBeUndefined();
      const reward = reply.version === '2' ? 1 : 0;
      const posted = await h.api('POST', '/api/v1/deployments/bandit/feedback', {
        requestId: `fb-${i}`,
        reward,
      });
      expect(posted.status).toBe(200);
      expect(posted.json).toMatchObject({
        requestId: `fb-${i}`,
        variant: reply.version === '2' ? 'b' : 'a',
      });
    }
    let toB = 0;
    for (let i = 0; i < 100; i += 1) {
      if ((await served('bandit', i)) === 'bc/2') toB += 1;
    }
    expect(toB).toBeGreaterThan(85);
    const view = await deployment('bandit');
    const arms = Object.fromEntries(view.bandit.arms.map((arm: { id: string }) => [arm.id, arm]));
    expect(arms.a.pulls + arms.b.pulls).toBe(60);
    expect(arms.b.meanReward).toBe(1);
    expect(arms.a.meanReward === null || arms.a.meanReward === 0).toBe(true);
    expect(view.variants.find((v: { id: string }) => v.id === 'b').trafficPercent).toBeGreaterThan(
      85,
    );
  });

  it('takes one reward per remembered request, within the reward range', async () => {
    await h.infer('bandit', golden.inputs.slice(0, 1), { id: 'once' });
    const outOfRange = await h.api('POST', '/api/v1/deployments/bandit/feedback', {
      requestId: 'once',
      reward: 2,
    });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.json.error.message).toContain('outside');
    // The bad reward did not use the request up.
    expect(
      (await h.api('POST', '/api/v1/deployments/bandit/feedback', { requestId: 'once', reward: 1 }))
        .status,
    ).toBe(200);
    const twice = await h.api('POST', '/api/v1/deployments/bandit/feedback', {
      requestId: 'once',
      reward: 1,
    });
    expect(twice.status).toBe(404);
    expect(
      (
        await h.api('POST', '/api/v1/deployments/bandit/feedback', {
          requestId: 'never',
          reward: 1,
        })
      ).status,
    ).toBe(404);
    const notBandit = await h.api('POST', '/api/v1/deployments/ab/feedback', {
      requestId: 'x',
      reward: 1,
    });
    expect(notBandit.status).toBe(412);
  });
});

describe('shadow', () => {
  it('answers with the primary and compares the challenger in the background', async () => {
    await h.apply({
      name: 'shadow',
      policy: {
        type: 'shadow',
        primary: 'models:/bc/1',
        challenger: 'models:/const/1',
        percent: 100,
      },
    });
    const rows = 20;
    const batches = 5;
    for (let b = 0; b < batches; b += 1) {
      const reply = await h.infer('shadow', golden.inputs.slice(b * rows, (b + 1) * rows));
      expect(reply).toMatchObject({ status: 200, version: '1', body: { model_name: 'bc' } });
      expect(servedBy(reply, rowRange(b * rows, rows), answers)).toBe('bc/1');
      expect(
        worstError(
          reply.body.outputs?.[0]?.data ?? [],
          golden.expected.slice(b * rows, (b + 1) * rows),
        ),
      ).toBeLessThan(1e-5);
    }
    const expected = golden.expected.slice(0, rows * batches).map((row) => row[0] as number);
    // The challenger says 0.9 (benign) for every row: it agrees where scikit-learn says >= 0.5.
    const agreement = expected.filter((p) => p >= 0.5).length / expected.length;
    const mad =
      expected.reduce((sum, p) => sum + Math.abs(p - Math.fround(0.9)), 0) / expected.length;
    const view = await waitFor(async () => {
      const d = await deployment('shadow');
      return d.shadow.completed === batches ? d : undefined;
    });
    expect(view.shadow).toMatchObject({
      percent: 100,
      mirrored: batches,
      errors: 0,
      dropped: 0,
      comparedRows: rows * batches,
    });
    expect(view.shadow.agreementRate).toBeCloseTo(agreement, 10);
    expect(view.shadow.meanAbsoluteDifference).toBeCloseTo(mad, 5);
    expect(agreement).toBeGreaterThan(0.3);
    expect(agreement).toBeLessThan(1);
  });

  it('never lets a failing challenger touch the response', async () => {
    await h.apply({
      name: 'shadow-broken',
      policy: { type: 'shadow', primary: 'models:/bc/2', challenger: 'models:/broken/1' },
    });
    for (let i = 0; i < 10; i += 1) {
      const reply = await h.infer('shadow-broken', golden.inputs.slice(i, i + 1));
      expect(reply.status).toBe(200);
      expect(reply.version).toBe('2');
      expect(servedBy(reply, [i], answers)).toBe('bc/2');
    }
    const view = await waitFor(async () => {
      const d = await deployment('shadow-broken');
      return d.shadow.errors === 10 ? d : undefined;
    });
    expect(view.shadow).toMatchObject({ mirrored: 10, completed: 0, agreementRate: null });
    expect(view.variants.find((v: { id: string }) => v.id === 'challenger').stats).toMatchObject({
      requests: 10,
      errors: 10,
    });
    expect(view.variants.find((v: { id: string }) => v.id === 'primary').stats).toMatchObject({
      requests: 10,
      errors: 0,
    });
  });
});

describe('canary', () => {
  /**
   * Sends requests from 8 callers until `done` says stop; returns the replies, each with `servedBy`
   * (`<model>/<version>`) when it is a 200 whose value is that version's answer for its row, or
   * `wrong` saying why not.
   */
  async function load(name: string, done: () => Promise<boolean>) {
    const replies: {
      status: number;
      version: string | null;
      servedBy?: string;
      wrong?: string;
    }[] = [];
    let stop = false;
    const callers = Array.from({ length: 8 }, async (_, caller) => {
      for (let i = 0; !stop; i += 1) {
        const row = (caller * 7 + i) % 500;
        const reply = await h.infer(name, golden.inputs.slice(row, row + 1));
        const wrong = wrongAnswer(reply, [row], answers);
        replies.push({
          status: reply.status,
          version: reply.version,
          ...(wrong === undefined
            ? { servedBy: `${reply.body.model_name}/${reply.version}` }
            : { wrong }),
        });
      }
    });
    const deadline = Date.now() + 20_000;
    while (!(await done())) {
      if (Date.now() > deadline) {
        stop = true;
        await Promise.all(callers);
        throw new Error(
          `canary '${name}' did not finish: ${JSON.stringify((await deployment(name)).canary)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stop = true;
    await Promise.all(callers);
    return replies;
  }

  it('advances step by step and promotes the candidate when the analysis passes', async () => {
    const applied = await h.apply({
      name: 'canary-good',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/bc/2',
        steps: [20, 60, 100],
        interval: 60,
        analysis: { maxErrorRate: 0.05, maxP95LatencyMs: 5_000, minRequests: 5 },
      },
    });
    expect(applied.deployment.canary).toMatchObject({
      phase: 'progressing',
      weight: 20,
      stepIndex: 0,
      steps: [20, 60, 100],
    });
    const replies = await load(
      'canary-good',
      async () => (await deployment('canary-good')).canary.phase !== 'progressing',
    );
    const view = await deployment('canary-good');
    expect(view.canary).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(replies.filter((reply) => reply.wrong !== undefined)).toEqual([]);
    expect(new Set(replies.map((reply) => reply.servedBy))).toEqual(new Set(['bc/1', 'bc/2']));
    const actions = view.recentEvents.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(['created', 'advanced', 'advanced', 'promoted']);
    const promoted = view.recentEvents[0];
    expect(promoted).toMatchObject({
      actor: 'system:canary-analysis',
      details: { from: 100, to: 100, phase: 'promoted' },
    });
    expect(promoted.reason).toMatch(
      /^promoted: analysis passed at step 3 of 3 \(100%\) over \d+ requests: error rate 0 within 0.05/u,
    );
    for (let i = 0; i < 5; i += 1) expect(await served('canary-good', i)).toBe('bc/2');
  });

  it('rolls back automatically when the candidate fails, and stable serves everything again', async () => {
    await h.apply({
      name: 'canary-bad',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/broken/1',
        steps: [30, 100],
        interval: 60,
        analysis: { maxErrorRate: 0.1, minRequests: 5 },
      },
    });
    const replies = await load(
      'canary-bad',
      async () => (await deployment('canary-bad')).canary.phase !== 'progressing',
    );
    const view = await deployment('canary-bad');
    expect(view.canary).toMatchObject({ phase: 'rolled-back', weight: 0 });
    expect(view.recentEvents[0]).toMatchObject({
      action: 'rolled-back',
      actor: 'system:canary-analysis',
    });
    expect(view.recentEvents[0].reason).toMatch(
      /^rolled back at step 1 of 2 \(30%\): error rate 1 above maxErrorRate 0.1/u,
    );
    // Failures came from the candidate only; the stable model never failed.
    expect(replies.some((reply) => reply.status === 500)).toBe(true);
    expect(
      replies.every((reply) =>
        reply.status === 200 ? reply.servedBy === 'bc/1' : reply.status === 500,
      ),
    ).toBe(true);
    for (let i = 0; i < 20; i += 1) {
      const reply = await h.infer('canary-bad', golden.inputs.slice(i, i + 1));
      expect(reply).toMatchObject({ status: 200, version: '1' });
      expect(servedBy(reply, [i], answers)).toBe('bc/1');
    }
    // Promoting a rolled-back canary is refused; re-applying the spec restarts it.
    expect((await h.api('POST', '/api/v1/deployments/canary-bad/promote')).status).toBe(412);
  });

  it('rolls back automatically when the candidate is too slow', async () => {
    await h.apply({
      name: 'canary-slow',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/slow/1',
        steps: [50, 100],
        interval: 100,
        analysis: { maxP95LatencyMs: 20, minRequests: 5 },
      },
    });
    const replies = await load(
      'canary-slow',
      async () => (await deployment('canary-slow')).canary.phase !== 'progressing',
    );
    // Both answer as version 1: only the values tell the stable model from the slow candidate.
    expect(replies.filter((reply) => reply.wrong !== undefined)).toEqual([]);
    expect(new Set(replies.map((reply) => reply.servedBy))).toEqual(new Set(['bc/1', 'slow/1']));
    const view = await deployment('canary-slow');
    expect(view.canary).toMatchObject({ phase: 'rolled-back', weight: 0 });
    expect(view.recentEvents[0].reason).toMatch(/p95 latency [\d.]+ms above maxP95LatencyMs 20ms/u);
    const candidate = view.variants.find((v: { id: string }) => v.id === 'candidate');
    expect(candidate.stats.p95LatencyMs).toBeGreaterThan(35);
  });

  it('can be promoted and rolled back by hand', async () => {
    await h.apply({
      name: 'canary-manual',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/bc/2',
        steps: [10, 100],
        interval: '1h',
      },
    });
    const promoted = await h.api('POST', '/api/v1/deployments/canary-manual/promote');
    expect(promoted.json.deployment.canary).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(promoted.json.deployment.canary.nextAnalysisAt).toBeUndefined();
    for (let i = 0; i < 3; i += 1) expect(await served('canary-manual', i)).toBe('bc/2');
    const rolled = await h.api('POST', '/api/v1/deployments/canary-manual/rollback');
    expect(rolled.json.deployment.canary).toMatchObject({ phase: 'rolled-back', weight: 0 });
    expect(rolled.json.deployment.recentEvents[0]).toMatchObject({
      action: 'rolled-back',
      reason: 'rolled back by admin',
    });
    for (let i = 0; i < 3; i += 1) expect(await served('canary-manual', i)).toBe('bc/1');
  });
});

async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
