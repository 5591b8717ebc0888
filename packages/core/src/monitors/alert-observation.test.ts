import { describe, expect, it } from 'vitest';
import type { MonitorVersionResult } from '../contract/monitor-results.js';
import { alertObservation } from './alert-observation.js';
import { isAlertMetric } from './monitor-alert-spec.js';
import { parseMonitorSpec } from './parse-monitor-spec.js';

const RESULT: MonitorVersionResult = {
  version: '2',
  rows: 120,
  judged: true,
  drift: {
    datasetDrift: true,
    driftShare: 0.5,
    driftShareThreshold: 0.5,
    numberOfColumns: 2,
    numberOfDriftedColumns: 1,
    columns: [
      {
        column: 'age',
        type: 'numerical',
        stattest: 'ks',
        scoreKind: 'p_value',
        score: 0.001,
        threshold: 0.05,
        driftDetected: true,
        referenceCount: 10,
        currentCount: 10,
      },
      {
        column: 'notes',
        type: 'text',
        stattest: null,
        scoreKind: null,
        score: null,
        threshold: null,
        driftDetected: false,
        skipped: 'text columns are not tested',
        referenceCount: 10,
        currentCount: 10,
      },
    ],
  },
  validation: { success: false, evaluated: 4, failed: 1, failedExpectations: ['x'] },
  performance: {
    task: 'classification',
    labelled: 60,
    coverage: 0.5,
    metrics: { accuracy: { value: 0.8 }, roc_auc: { value: null, reason: 'one class' } },
  },
  serving: {
    requests: 130,
    errors: 10,
    errorRate: 10 / 130,
    p50LatencyMs: 3,
    p95LatencyMs: 9,
    p99LatencyMs: null,
  },
};

describe('alertObservation', () => {
  it('names every figure of a version result an alert can watch', () => {
    expect(alertObservation(RESULT, false)).toEqual({
      'run.failed': 0,
      rows: 120,
      'drift.share': 0.5,
      'drift.detected': 1,
      'drift.drifted_columns': 1,
      'drift.score.age': 0.001,
      'drift.drifted.age': 1,
      'validation.failed': 1,
      'validation.success': 0,
      'performance.coverage': 0.5,
      'performance.labelled': 60,
      'performance.accuracy': 0.8,
      'serving.requests': 130,
      'serving.errors': 10,
      'serving.error_rate': 10 / 130,
      'serving.p50_latency_ms': 3,
      'serving.p95_latency_ms': 9,
    });
  });

  it('has only run.failed for a run without a result', () => {
    expect(alertObservation(undefined, true)).toEqual({ 'run.failed': 1 });
  });

  it('every name it produces is a metric an alert spec accepts', () => {
    for (const name of Object.keys(alertObservation(RESULT, false))) {
      expect(isAlertMetric(name), name).toBe(true);
    }
    expect(isAlertMetric('drift.score.')).toBe(false);
    expect(isAlertMetric('latency')).toBe(false);
  });
});

describe('monitor alert specs', () => {
  const base = {
    name: 'm',
    deployment: 'd',
    reference: { type: 'traffic', from: '14d', to: '7d' },
    window: { duration: '1h' },
  };

  it('fills defaults and turns durations into ms', () => {
    const spec = parseMonitorSpec({
      ...base,
      alerts: [
        { name: 'a', metric: 'drift.share', op: '>=', threshold: 0.5 },
        { name: 'b', metric: 'rows', op: '<', threshold: 10, cooldown: '30m', retrain: true },
        { name: 'c', metric: 'rows', op: '<', threshold: 10, retrain: { cooldown: '2h' } },
        { name: 'e', metric: 'rows', op: '<', threshold: 10, retrain: false },
      ],
    });
    expect(spec.alerts).toEqual([
      {
        name: 'a',
        metric: 'drift.share',
        op: '>=',
        threshold: 0.5,
        for: 1,
        resolveAfter: 1,
        cooldown: 0,
        versions: 'all',
        severity: 'warning',
      },
      expect.objectContaining({
        name: 'b',
        cooldown: 1_800_000,
        retrain: { cooldown: 86_400_000 },
      }),
      expect.objectContaining({ name: 'c', retrain: { cooldown: 7_200_000 } }),
      expect.objectContaining({ name: 'e', retrain: undefined }),
    ]);
  });

  it.each([
    [{ metric: 'drift.shares' }, 'alerts[0].metric'],
    [{ op: '==' }, 'alerts[0].op'],
    [{ threshold: 'high' }, 'alerts[0].threshold'],
    [{ for: 0 }, 'alerts[0].for'],
    [{ cooldown: '-1h' }, 'alerts[0].cooldown'],
    [{ versions: 'some' }, 'alerts[0].versions'],
    [{ extra: 1 }, 'alerts[0]'],
  ])('rejects %j naming %s', (change, path) => {
    const alert = { name: 'a', metric: 'drift.share', op: '>=', threshold: 0.5, ...change };
    expect(() => parseMonitorSpec({ ...base, alerts: [alert] })).toThrow(path);
  });
});
