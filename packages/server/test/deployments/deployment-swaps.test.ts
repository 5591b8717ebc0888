import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  constantPredictor,
  goldenBreastCancer,
  openDeploymentHarness,
} from './support/deployment-harness.js';
import type { DeploymentHarness, Golden } from './support/deployment-harness.js';

let h: DeploymentHarness;
let golden: Golden;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness();
  await h.registerBreastCancer('bc', false); // 1
  await h.registerBreastCancer('bc', true); // 2
  await h.register('const', constantPredictor(0.5));
});

afterAll(async () => {
  await h?.close();
});

const CALLERS = 32;

// Every spec answers with a breast-cancer version, so every reply can be checked against
// scikit-learn whatever the policy at the moment it was routed.
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
          const value = reply.body.outputs?.[0]?.data[0] ?? Number.NaN;
          const want = golden.expected[row]?.[0] ?? Number.NaN;
          if (reply.status !== 200) failures.push(`${reply.status}: ${reply.body.error}`);
          else if (!(Math.abs(value - want) < 1e-5))
            failures.push(`row ${row}: ${value} != ${want}`);
          else if (reply.version !== reply.body.model_version)
            failures.push('header and body disagree');
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
  });
});
