import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { goldenBreastCancer, openDeploymentHarness } from './support/deployment-harness.js';
import type { DeploymentHarness, Golden } from './support/deployment-harness.js';

let h: DeploymentHarness;
let client: SlipwayClient;
let golden: Golden;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness();
  client = new SlipwayClient({ baseUrl: h.baseUrl });
  await h.registerBreastCancer('bc', false);
  await h.registerBreastCancer('bc', true);
});

afterAll(async () => {
  await h?.close();
});

async function rejection(promise: Promise<unknown>): Promise<SlipwayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SlipwayError);
  return err as SlipwayError;
}

describe('client.deployments', () => {
  it('applies specs as objects or YAML text and reads them back typed', async () => {
    const created = await client.deployments.apply({
      name: 'sdk-bandit',
      policy: {
        type: 'bandit',
        algorithm: 'epsilon-greedy',
        epsilon: 0.2,
        variants: [
          { name: 'one', model: 'models:/bc/1' },
          { name: 'two', model: 'models:/bc/2' },
        ],
      },
    });
    expect(created.created).toBe(true);
    expect(created.deployment.bandit?.algorithm).toBe('epsilon-greedy');

    const fromYaml = await client.deployments.apply(
      'name: sdk-canary\npolicy:\n  type: canary\n  stable: models:/bc/1\n  candidate: models:/bc/2\n  steps: [25, 100]\n  interval: 10m\n',
    );
    expect(fromYaml.deployment.spec.policy).toMatchObject({ type: 'canary', interval: 600_000 });
    expect(fromYaml.deployment.canary).toMatchObject({ phase: 'progressing', weight: 25 });

    const bad = await rejection(client.deployments.apply('name: x\npolicy: { type: lottery }\n'));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toContain(
      'policy.type: must be one of single, canary, blue-green, shadow, ab, bandit',
    );
    expect((await client.deployments.list()).map((d) => d.name)).toEqual([
      'sdk-bandit',
      'sdk-canary',
    ]);
  });

  it('sends bandit feedback and ground truth, and pages events', async () => {
    const response = await fetch(`${h.baseUrl}/v2/models/sdk-bandit/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 30], data: golden.inputs[0] }],
      }),
    });
    const { id, model_version: version } = (await response.json()) as {
      id: string;
      model_version: string;
    };
    const feedback = await client.deployments.feedback('sdk-bandit', {
      requestId: id,
      reward: 0.75,
    });
    expect(feedback).toEqual({
      requestId: id,
      variant: version === '1' ? 'one' : 'two',
      pulls: 1,
      meanReward: 0.75,
    });
    const arms = (await client.deployments.get('sdk-bandit')).bandit?.arms ?? [];
    expect(arms.find((arm) => arm.id === feedback.variant)).toMatchObject({
      pulls: 1,
      alpha: 1.75,
      beta: 1.25,
    });

    expect(
      await client.deployments.groundTruth('sdk-bandit', { requestId: id, label: true }),
    ).toEqual({ accepted: 1 });

    const promoted = await client.deployments.promote('sdk-canary');
    expect(promoted.canary?.phase).toBe('promoted');
    const { events, nextPageToken } = await client.deployments.events('sdk-canary', {
      maxResults: 1,
    });
    expect(events.map((e) => e.action)).toEqual(['created']);
    const rest = await client.deployments.events('sdk-canary', {
      pageToken: nextPageToken as string,
    });
    expect(rest.events.map((e) => e.action)).toEqual(['promoted']);

    const refused = await rejection(client.deployments.promote('sdk-bandit'));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    await client.deployments.delete('sdk-canary');
    expect((await rejection(client.deployments.get('sdk-canary'))).code).toBe('NOT_FOUND');
  });
});
