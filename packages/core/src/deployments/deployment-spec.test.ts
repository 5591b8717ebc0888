import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseDeploymentSpec } from './parse-deployment-spec.js';

/** The spec of issue 3, verbatim (as YAML would parse it). */
const ISSUE_EXAMPLE = {
  name: 'fraud',
  policy: {
    type: 'canary',
    stable: 'models:/fraud@champion',
    candidate: 'models:/fraud/7',
    steps: [10, 50, 100],
    interval: '30s',
    analysis: { maxErrorRate: 0.01, maxP95LatencyMs: 50 },
  },
  batching: { maxBatchSize: 32, maxDelayMs: 2 },
  logging: { sampleRate: 1.0 },
};

function withPolicy(policy: Record<string, unknown>): Record<string, unknown> {
  return { name: 'fraud', policy };
}

function errorOf(input: unknown): SlipwayError {
  try {
    parseDeploymentSpec(input);
  } catch (error) {
    if (error instanceof SlipwayError) return error;
    throw error;
  }
  throw new Error('expected parseDeploymentSpec to throw');
}

describe('parseDeploymentSpec: valid specs', () => {
  it('accepts the spec of the issue and fills the defaults', () => {
    expect(parseDeploymentSpec(ISSUE_EXAMPLE)).toEqual({
      name: 'fraud',
      policy: {
        type: 'canary',
        stable: 'models:/fraud@champion',
        candidate: 'models:/fraud/7',
        steps: [10, 50, 100],
        interval: 30_000,
        analysis: { maxErrorRate: 0.01, maxP95LatencyMs: 50, minRequests: 20 },
      },
      batching: { maxBatchSize: 32, maxDelayMs: 2 },
      logging: { sampleRate: 1 },
    });
  });

  it('fills defaults for every policy type', () => {
    expect(
      parseDeploymentSpec(withPolicy({ type: 'single', model: 'models:/fraud/latest' })),
    ).toEqual({
      name: 'fraud',
      policy: { type: 'single', model: 'models:/fraud/latest' },
      logging: { sampleRate: 1 },
    });
    expect(
      parseDeploymentSpec(withPolicy({ type: 'blue-green', active: 'models:/fraud/6' })).policy,
    ).toEqual({ type: 'blue-green', active: 'models:/fraud/6' });
    expect(
      parseDeploymentSpec(
        withPolicy({ type: 'shadow', primary: 'models:/fraud/6', challenger: 'models:/fraud/7' }),
      ).policy,
    ).toEqual({
      type: 'shadow',
      primary: 'models:/fraud/6',
      challenger: 'models:/fraud/7',
      percent: 100,
    });
    expect(
      parseDeploymentSpec(
        withPolicy({
          type: 'ab',
          variants: [
            { model: 'models:/fraud/6', weight: 50 },
            { name: 'new', model: 'models:/fraud/7', weight: 50 },
          ],
        }),
      ).policy,
    ).toEqual({
      type: 'ab',
      variants: [
        { name: 'models:/fraud/6', model: 'models:/fraud/6', weight: 50 },
        { name: 'new', model: 'models:/fraud/7', weight: 50 },
      ],
      routeKey: 'x-slipway-route-key',
    });
    expect(
      parseDeploymentSpec(
        withPolicy({
          type: 'bandit',
          variants: [{ model: 'models:/fraud/6' }, { model: 'models:/fraud/7', weight: 50 }],
        }),
      ).policy,
    ).toEqual({
      type: 'bandit',
      variants: [
        { name: 'models:/fraud/6', model: 'models:/fraud/6' },
        { name: 'models:/fraud/7', model: 'models:/fraud/7', weight: 50 },
      ],
      algorithm: 'thompson',
      epsilon: 0.1,
      reward: { min: 0, max: 1 },
    });
  });

  it('fills batching defaults when batching is present but partial', () => {
    const spec = parseDeploymentSpec({
      ...withPolicy({ type: 'single', model: 'models:/a/1' }),
      batching: {},
    });
    expect(spec.batching).toEqual({ maxBatchSize: 32, maxDelayMs: 2 });
  });

  it.each([
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    [45_000, 45_000],
  ])('reads the interval %j as %d ms', (interval, expected) => {
    const spec = parseDeploymentSpec({
      ...ISSUE_EXAMPLE,
      policy: { ...ISSUE_EXAMPLE.policy, interval },
    });
    expect(spec.policy.type === 'canary' && spec.policy.interval).toBe(expected);
  });

  it('lower-cases the route key header', () => {
    const spec = parseDeploymentSpec(
      withPolicy({
        type: 'ab',
        routeKey: 'X-User-Id',
        variants: [
          { model: 'models:/a/1', weight: 1 },
          { model: 'models:/a/2', weight: 0 },
        ],
      }),
    );
    expect(spec.policy.type === 'ab' && spec.policy.routeKey).toBe('x-user-id');
  });

  it('accepts names at the edges of the DNS-label rule', () => {
    for (const name of ['a', '7', 'fraud-v2', 'a'.repeat(63)]) {
      expect(parseDeploymentSpec({ ...ISSUE_EXAMPLE, name }).name).toBe(name);
    }
  });

  it('parses a parsed spec to itself', () => {
    const inputs = [
      ISSUE_EXAMPLE,
      withPolicy({
        type: 'shadow',
        primary: 'models:/a/1',
        challenger: 'models:/a@next',
        percent: 5,
      }),
      withPolicy({
        type: 'bandit',
        algorithm: 'epsilon-greedy',
        variants: [{ model: 'models:/a/1' }, { model: 'models:/a/2' }],
        reward: { max: 10 },
      }),
    ];
    for (const input of inputs) {
      const once = parseDeploymentSpec(input);
      expect(parseDeploymentSpec(structuredClone(once))).toEqual(once);
    }
  });
});

describe('parseDeploymentSpec: errors name the field and the problem', () => {
  const canary = (patch: Record<string, unknown>): unknown => ({
    ...ISSUE_EXAMPLE,
    policy: { ...ISSUE_EXAMPLE.policy, ...patch },
  });
  const ab = (variants: unknown, extra: Record<string, unknown> = {}): unknown =>
    withPolicy({ type: 'ab', variants, ...extra });

  it.each<[string, unknown, string]>([
    ['steps not ending at 100', canary({ steps: [10, 50] }), 'policy.steps: must end at 100'],
    [
      'steps not increasing',
      canary({ steps: [10, 10, 100] }),
      'policy.steps[1]: must be greater than the step before it (10)',
    ],
    ['a 0% step', canary({ steps: [0, 100] }), 'policy.steps[0]: must be greater than 0'],
    [
      'a step above 100',
      canary({ steps: [10, 150] }),
      'policy.steps[1]: must be greater than 0 and at most 100',
    ],
    ['no steps', canary({ steps: [] }), 'policy.steps: needs at least one step'],
    ['steps not a list', canary({ steps: '10,100' }), 'policy.steps: must be a list of percents'],
    [
      'a bad interval',
      canary({ interval: '30 seconds' }),
      'policy.interval: must be a positive duration',
    ],
    ['a zero interval', canary({ interval: 0 }), 'policy.interval: must be a positive duration'],
    ['a huge interval', canary({ interval: '200h' }), 'policy.interval: must be at most 7d'],
    ['a missing interval', canary({ interval: undefined }), 'policy.interval: is required'],
    [
      'equal roles',
      canary({ candidate: 'models:/fraud@champion' }),
      'policy.candidate: must differ from stable',
    ],
    ['not a model URI', canary({ stable: 'fraud' }), 'policy.stable: must be a model URI'],
    [
      'a run URI',
      canary({ candidate: 'runs:/abc/model' }),
      'policy.candidate: must be a model URI',
    ],
    [
      'a stage URI',
      canary({ stable: 'models:/fraud/Production' }),
      "policy.stable: names the stage 'Production'",
    ],
    ['a typo', canary({ stpes: [10, 100] }), 'policy.stpes: unknown field'],
    ['an unknown top-level field', { ...ISSUE_EXAMPLE, replicas: 3 }, 'replicas: unknown field'],
    [
      'an error rate above 1',
      canary({ analysis: { maxErrorRate: 2 } }),
      'policy.analysis.maxErrorRate: must be between 0 and 1',
    ],
    [
      'a negative latency limit',
      canary({ analysis: { maxP95LatencyMs: -1 } }),
      'policy.analysis.maxP95LatencyMs: must be greater than 0',
    ],
    [
      'minRequests 0',
      canary({ analysis: { minRequests: 0 } }),
      'policy.analysis.minRequests: must be at least 1',
    ],
    [
      'an upper-case name',
      { ...ISSUE_EXAMPLE, name: 'Fraud' },
      'name: must be lowercase letters, digits and dashes',
    ],
    ['a name ending in a dash', { ...ISSUE_EXAMPLE, name: 'fraud-' }, 'name: must be lowercase'],
    [
      'a 64-character name',
      { ...ISSUE_EXAMPLE, name: 'a'.repeat(64) },
      'name: must be at most 63 characters',
    ],
    ['a missing name', { policy: ISSUE_EXAMPLE.policy }, 'name: is required'],
    ['a missing policy', { name: 'fraud' }, 'policy: is required'],
    [
      'a missing policy type',
      withPolicy({ model: 'models:/a/1' }),
      'policy.type: is required: one of single, canary',
    ],
    [
      'an unknown policy type',
      withPolicy({ type: 'rolling' }),
      'policy.type: must be one of single, canary, blue-green, shadow, ab, bandit (got "rolling")',
    ],
    ['a missing model', withPolicy({ type: 'single' }), 'policy.model: is required'],
    [
      'a numeric model',
      withPolicy({ type: 'single', model: 7 }),
      'policy.model: must be a model URI',
    ],
    [
      'a shadow percent above 100',
      withPolicy({
        type: 'shadow',
        primary: 'models:/a/1',
        challenger: 'models:/a/2',
        percent: 120,
      }),
      'policy.percent: must be between 0 and 100',
    ],
    [
      'one ab variant',
      ab([{ model: 'models:/a/1', weight: 1 }]),
      'policy.variants: needs at least 2 variants',
    ],
    [
      'all weights 0',
      ab([
        { model: 'models:/a/1', weight: 0 },
        { model: 'models:/a/2', weight: 0 },
      ]),
      'policy.variants: needs at least one variant with a weight above 0',
    ],
    [
      'a negative weight',
      ab([
        { model: 'models:/a/1', weight: -1 },
        { model: 'models:/a/2', weight: 1 },
      ]),
      'policy.variants[0].weight: must be 0 or more',
    ],
    [
      'a missing weight',
      ab([{ model: 'models:/a/1', weight: 1 }, { model: 'models:/a/2' }]),
      'policy.variants[1].weight: is required',
    ],
    [
      'duplicate variants',
      ab([
        { model: 'models:/a/1', weight: 1 },
        { model: 'models:/a/1', weight: 1 },
      ]),
      "policy.variants[1].name: duplicates the name 'models:/a/1' of variant 0",
    ],
    [
      'a bad route key header',
      ab(
        [
          { model: 'models:/a/1', weight: 1 },
          { model: 'models:/a/2', weight: 1 },
        ],
        { routeKey: 'user id' },
      ),
      'policy.routeKey: must be a valid HTTP header name',
    ],
    [
      'an unknown bandit algorithm',
      withPolicy({
        type: 'bandit',
        algorithm: 'ucb',
        variants: [{ model: 'models:/a/1' }, { model: 'models:/a/2' }],
      }),
      "policy.algorithm: must be 'thompson' or 'epsilon-greedy'",
    ],
    [
      'an empty reward range',
      withPolicy({
        type: 'bandit',
        variants: [{ model: 'models:/a/1' }, { model: 'models:/a/2' }],
        reward: { min: 1, max: 1 },
      }),
      'policy.reward.max: must be greater than min',
    ],
    [
      'a sample rate above 1',
      { ...ISSUE_EXAMPLE, logging: { sampleRate: 1.5 } },
      'logging.sampleRate: must be between 0 and 1',
    ],
    [
      'a batch size of 0',
      { ...ISSUE_EXAMPLE, batching: { maxBatchSize: 0 } },
      'batching.maxBatchSize: must be at least 1',
    ],
    [
      'a fractional batch size',
      { ...ISSUE_EXAMPLE, batching: { maxBatchSize: 2.5 } },
      'batching.maxBatchSize: must be a whole number',
    ],
    [
      'a string for a number',
      { ...ISSUE_EXAMPLE, logging: { sampleRate: 'all' } },
      'logging.sampleRate: must be a number',
    ],
    ['a list', [ISSUE_EXAMPLE], 'must be an object, not a list'],
    ['null', null, 'must be an object, not null'],
  ])('%s', (_what, input, expected) => {
    const error = errorOf(input);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message.startsWith('Invalid deployment spec: ')).toBe(true);
    expect(error.message).toContain(expected);
  });

  it('reports every problem at once, also in details.issues', () => {
    const error = errorOf({
      name: 'Fraud',
      policy: { ...ISSUE_EXAMPLE.policy, steps: [10, 50], interval: 'soon' },
    });
    expect(error.details?.['issues']).toEqual([
      {
        path: 'name',
        message:
          'must be lowercase letters, digits and dashes, starting and ending with a letter or digit (a DNS label)',
      },
      { path: 'policy.steps', message: 'must end at 100' },
      {
        path: 'policy.interval',
        message:
          'must be a positive duration such as 30s, 5m or 1h, or a whole number of milliseconds (got "soon")',
      },
    ]);
    expect(error.message).toContain('name: must be lowercase');
    expect(error.message).toContain('; policy.steps: must end at 100; policy.interval:');
  });
});
