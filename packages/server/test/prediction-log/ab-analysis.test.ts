import { describe, expect, it } from 'vitest';
import { SlipwayError, systemCaller } from '@slipway/core';
import type { Caller, DeploymentRecord, PredictionRecord } from '@slipway/core';
import type { AccessService } from '../../src/access/access-service.js';
import { AbAnalysisService } from '../../src/prediction-log/ab-analysis/ab-analysis-service.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { usePredictionEnv } from './prediction-fixtures.js';

const T0 = 1_700_000_000_000;
const ADMIN = systemCaller('test');
const STRANGER: Caller = { username: 'mallory', userId: 7, isAdmin: false, via: 'token' };

/** Admits admins only, refusing as AccessService does. */
const access = {
  require: async (caller: Caller) => {
    if (!caller.isAdmin) {
      throw new SlipwayError({ code: 'PERMISSION_DENIED', message: 'needs READ' });
    }
  },
} as unknown as AccessService;

function deployment(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    name: 'fraud',
    spec: {
      name: 'fraud',
      policy: {
        type: 'ab',
        variants: [
          { name: 'a', model: 'models:/fraud/1', weight: 1 },
          { name: 'b', model: 'models:/fraud/2', weight: 1 },
        ],
      },
    },
    resolved: { a: { name: 'fraud', version: '1' }, b: { name: 'fraud', version: '2' } },
    runtime: {},
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    createdBy: 'alice',
    updatedBy: 'alice',
    ...overrides,
  } as DeploymentRecord;
}

let seq = 0;
function prediction(variant: string, output: number, overrides: Partial<PredictionRecord> = {}) {
  seq += 1;
  return {
    requestId: `r${seq}`,
    deployment: 'fraud',
    modelName: 'fraud',
    modelVersion: variant === 'a' ? '1' : '2',
    variant,
    inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 1], data: [seq] }],
    outputs: [{ name: 'y', datatype: 'INT64' as const, shape: [1], data: [String(output)] }],
    latencyMs: 1,
    status: 'ok' as const,
    time: T0 + seq,
    ...overrides,
  };
}

/** `n` labelled predictions of `variant`, the first `correct` of them right. */
function classified(variant: string, n: number, correct: number) {
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2; // both classes, so the rows fall in several groups
    const record = prediction(variant, i < correct ? label : 1 - label);
    return { record, label: { requestId: record.requestId, deployment: 'fraud', label, time: T0 } };
  });
}

describe.each(SQL_BACKENDS)('A/B analysis on $name', (backend) => {
  const env = usePredictionEnv(backend);
  const service = (record = deployment()) =>
    new AbAnalysisService(env.store, { get: async () => record }, access);

  it('compares accuracy with the two-proportion z-test (80/100 against 90/100)', async () => {
    const rows = [...classified('a', 100, 80), ...classified('b', 100, 90)];
    const failed = prediction('b', 0, { status: 'error', outputs: [] });
    const unlabelled = prediction('a', 0);
    const late = prediction('b', 0, { time: T0 + 1_000_000 });
    const odd = prediction('a', 1);
    await env.store.append([...rows.map((r) => r.record), failed, unlabelled, late, odd]);
    await env.store.attachGroundTruth([
      ...rows.map((r) => r.label),
      ...[failed, late].map((r) => ({
        requestId: r.requestId,
        deployment: 'fraud',
        label: 1,
        time: T0,
      })),
      { requestId: odd.requestId, deployment: 'fraud', label: { class: 1 }, time: T0 },
    ]);

    const analysis = await service().analyze(ADMIN, 'fraud', {
      outcome: 'correct',
      alpha: 0.05,
      power: 0.8,
      to: T0 + 500_000,
    });
    expect(analysis.control).toBe('a');
    const [a, b] = analysis.arms;
    expect([a?.id, a?.count, a?.successes, a?.skipped]).toEqual(['a', 100, 80, 1]);
    expect([b?.id, b?.count, b?.successes, b?.skipped]).toEqual(['b', 100, 90, 0]);
    const c = b?.comparison;
    // By hand: pooled 0.85, z = 0.1 / √(0.85·0.15·0.02); p = erfc(z/√2); Wald CI 0.1 ± 1.96·0.05.
    expect(c?.statistic).toBeCloseTo(1.9802950859533488, 10);
    expect(c?.pValue).toBeCloseTo(0.04767038065616144, 10);
    expect(c?.confidenceInterval?.lower).toBeCloseTo(0.002001800772997317, 10);
    expect(c?.confidenceInterval?.upper).toBeCloseTo(0.19799819922700268, 10);
    // Baseline 0.8, +0.02 at power 0.8: (1.96√(2·0.81·0.19) + 0.8416√(0.16 + 0.1476))² / 0.02².
    expect(c?.requiredPerArm).toBe(6039);
    expect(c?.neededMore).toBe(5939);
    expect([c?.verdict, c?.winner]).toEqual(['winner', 'candidate']);
    expect(analysis.recommendation).toContain('Promote b (fraud version 2)');
    expect(analysis.notes.join(' ')).toContain('1 labelled predictions were not scored');

    const reversed = await service().analyze(ADMIN, 'fraud', {
      outcome: 'correct',
      alpha: 0.05,
      power: 0.8,
      control: '2',
      to: T0 + 500_000,
    });
    expect(reversed.control).toBe('b');
    expect(reversed.arms[0]?.comparison?.difference).toBeCloseTo(-0.1, 12);
    expect(reversed.arms[0]?.comparison?.winner).toBe('control');
  });

  it("compares mean absolute error with Welch's test (SciPy's numbers)", async () => {
    const rows = [
      ...[1, 2, 3].map((e) => ({ record: prediction('a', 10 + e), truth: 10 })),
      ...[2, 4, 6, 8].map((e) => ({ record: prediction('b', 10 - e), truth: 10 })),
    ];
    await env.store.append(rows.map((r) => r.record));
    await env.store.attachGroundTruth(
      rows.map((r) => ({
        requestId: r.record.requestId,
        deployment: 'fraud',
        label: r.truth,
        time: T0,
      })),
    );
    const analysis = await service().analyze(ADMIN, 'fraud', {
      outcome: 'error',
      alpha: 0.05,
      power: 0.8,
    });
    const [a, b] = analysis.arms;
    expect([a?.count, a?.value, a?.variance]).toEqual([3, 2, 1]);
    expect(b?.count).toBe(4);
    expect(b?.value).toBeCloseTo(5, 12);
    expect(b?.variance).toBeCloseTo(20 / 3, 12);
    // scipy.stats.ttest_ind(b, a, equal_var=False) and its confidence_interval(0.95).
    const c = b?.comparison;
    expect(c?.statistic).toBeCloseTo(2.121320343559643, 10);
    expect(c?.pValue).toBeCloseTo(0.09991286431180087, 8);
    expect(c?.degreesOfFreedom).toBeCloseTo(4.0754716981132075, 10);
    expect(c?.confidenceInterval?.lower).toBeCloseTo(-0.8979754510831279, 7);
    expect(c?.confidenceInterval?.upper).toBeCloseTo(6.897975451083128, 7);
    expect(analysis.higherIsBetter).toBe(false);
    // Default mde: 10 % of the control's mean error.
    expect([analysis.minimumDetectableEffect, analysis.mdeDefaulted]).toEqual([0.2, true]);
    expect(c?.verdict).toBe('no_difference_yet');
  });

  it("reads a bandit's rewards (0/1 rewards: the exact sample variance)", async () => {
    const bandit = {
      reward: { min: 0, max: 1 },
      arms: [
        { id: 'a', pulls: 40, rewardSum: 10, alpha: 11, beta: 31 },
        { id: 'b', pulls: 40, rewardSum: 20, alpha: 21, beta: 21 },
      ],
    };
    const record = deployment({
      spec: { ...deployment().spec, policy: { ...deployment().spec.policy, type: 'bandit' } },
      runtime: { bandit },
    } as Partial<DeploymentRecord>);
    const analysis = await service(record).analyze(ADMIN, 'fraud', {
      outcome: 'reward',
      alpha: 0.05,
      power: 0.8,
    });
    const [a, b] = analysis.arms;
    expect([a?.count, a?.value]).toEqual([40, 0.25]);
    // numpy var(ddof=1) of ten 1s and thirty 0s, and of twenty of each.
    expect(a?.variance).toBeCloseTo(0.19230769230769232, 12);
    expect(b?.variance).toBeCloseTo(0.2564102564102564, 12);
    // scipy.stats.ttest_ind(b_rewards, a_rewards, equal_var=False).
    expect(b?.comparison?.statistic).toBeCloseTo(2.3603873774083293, 10);
    expect(b?.comparison?.pValue).toBeCloseTo(0.02080694906464726, 8);
    expect(b?.comparison?.degreesOfFreedom).toBeCloseTo(76.44, 8);
    expect(analysis.minimumDetectableEffect).toBe(0.02);
    await expect(
      service(record).analyze(ADMIN, 'fraud', {
        outcome: 'reward',
        alpha: 0.05,
        power: 0.8,
        from: 1,
      }),
    ).rejects.toThrow(/leave out from and to/);
    await expect(
      service().analyze(ADMIN, 'fraud', { outcome: 'reward', alpha: 0.05, power: 0.8 }),
    ).rejects.toThrow(/rewards exist only for bandits/);
  });

  it('says what is missing when nothing is labelled, without NaN', async () => {
    await env.store.append([prediction('a', 1), prediction('b', 0)]);
    const analysis = await service().analyze(ADMIN, 'fraud', {
      outcome: 'correct',
      alpha: 0.05,
      power: 0.8,
    });
    expect(analysis.arms.map((arm) => [arm.id, arm.count, arm.value])).toEqual([
      ['a', 0, null],
      ['b', 0, null],
    ]);
    expect(analysis.arms[1]?.comparison).toMatchObject({
      verdict: 'no_difference_yet',
      pValue: null,
      requiredPerArm: null,
      reason: expect.stringContaining('at least one trial'),
    });
    expect(analysis.recommendation).toMatch(/No labelled predictions for 'fraud'.*ground-truth/);
    expect(JSON.stringify(analysis)).not.toContain('NaN');
  });

  it('refuses callers without READ, unknown deployments and unknown controls', async () => {
    await expect(
      service().analyze(STRANGER, 'fraud', { outcome: 'correct', alpha: 0.05, power: 0.8 }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const none = new AbAnalysisService(env.store, { get: async () => undefined }, access);
    await expect(
      none.analyze(ADMIN, 'fraud', { outcome: 'correct', alpha: 0.05, power: 0.8 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      service().analyze(ADMIN, 'fraud', {
        outcome: 'correct',
        alpha: 0.05,
        power: 0.8,
        control: 'zz',
      }),
    ).rejects.toThrow(/no arm 'zz'.*'a', 'b'/);
  });
});
