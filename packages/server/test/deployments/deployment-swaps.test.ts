import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  constantPredictor,
  featureAnswers,
  featurePredictor,
  goldenAnswers,
  goldenBreastCancer,
  openDeploymentHarness,
  wrongAnswer,
} from './support/deployment-harness.js';
import type { Answers, DeploymentHarness, Golden } from './support/deployment-harness.js';

let h: DeploymentHarness;
let golden: Golden;
let answers: Answers;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness();
  await h.registerBreastCancer('bc', false); // 1: scikit-learn's probabilities
  await h.register('bc', featurePredictor(2)); // 2: 2 + first feature / 100, per row
  await h.register('const', constantPredictor(0.5)); // the shadow challenger, never returned
  // Only the two versions of bc may answer; the shadow's challenger never does.
  answers = { 'bc/1': goldenAnswers(golden), 'bc/2': featureAnswers(golden, 2) };
});

afterAll(async () => {
  await h?.close();
});

const CALLERS = 32;

// Every spec answers with a version of bc, and the two answer differently for every row, so each
// reply is checked against the version it names whatever the policy at the moment it was routed.
const SPECS = [
  { policy: { type: 'single', model: 'models:/bc/2' } },
  {
    policy: { type: 'single', model: 'models:/bc/2' },
    batching: { maxBatchSize: 16, maxDelayMs: 1 },
  },
  {
    policy: {
      type: 'ab',
      variants: [
        { model: 'models:/bc/1', weight: 1 },
        { model: 'models:/bc/2', weight: 1 },
      ],
    },
  },
  {
    policy: {
      type: 'canary',
      stable: 'models:/bc/1',
      candidate: 'models:/bc/2',
      steps: [50, 100],
      interval: '1h',
    },
  },
  { policy: { type: 'shadow', primary: 'models:/bc/2', challenger: 'models:/const/1' } },
  { policy: { type: 'blue-green', active: 'models:/bc/2', preview: 'models:/bc/1' } },
  { policy: { type: 'bandit', variants: [{ model: 'models:/bc/1' }, { model: 'models:/bc/2' }] } },
  { policy: { type: 'single', model: 'models:/bc/1' } },
];

describe('changing a deployment under load', () => {
  it(`drops no request from ${CALLERS} concurrent callers while versions and policies change`, async () => {
    // The versions never agree, so a value names the model that computed it.
    const [v1, v2] = [goldenAnswers(golden), featureAnswers(golden, 2)];
    for (const row of golden.inputs.keys())
      expect(Math.abs(v1(row) - v2(row))).toBeGreaterThan(0.5);
    await h.apply({ name: 'swap', policy: { type: 'single', model: 'models:/bc/1' } });
    let stop = false;
    const failures: string[] = [];
    const versions = new Map<string, number>();
    let served = 0;
    const callers = Array.from({ length: CALLERS }, async (_, caller) => {
      for (let i = 0; !stop; i += 1) {
        const row = (caller * 31 + i) % golden.inputs.length;
        try {
          const reply = await h.infer('swap', [golden.inputs[row] as number[]]);
          const wrong = wrongAnswer(reply, [row], answers);
          if (wrong !== undefined) failures.push(`row ${row}: ${wrong}`);
          versions.set(reply.version ?? '', (versions.get(reply.version ?? '') ?? 0) + 1);
          served += 1;
        } catch (err) {
          failures.push(String(err));
        }
      }
    });
    for (const spec of SPECS) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await h.apply({ name: 'swap', ...spec });
      if (spec.policy.type === 'blue-green') {
        expect((await h.api('POST', '/api/v1/deployments/swap/promote')).status).toBe(200);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    stop = true;
    await Promise.all(callers);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(CALLERS * SPECS.length);
    expect(new Set(versions.keys())).toEqual(new Set(['1', '2']));

    // Every runtime the earlier generations held is let go once their requests are done: only the
    // final spec's version stays loaded.
    const runtimes = h.platform.deploymentHost.runtimes.shared;
    const deadline = Date.now() + 10_000;
    while (runtimes.keys().length !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(runtimes.keys()).toEqual(['bc/1']);
    // 32 callers on 2 cores shared with other test files: a budget, not a claim about speed.
  }, 90_000);
});
