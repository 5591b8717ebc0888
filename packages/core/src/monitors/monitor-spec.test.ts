import { describe, expect, it } from 'vitest';
import { parseMonitorSpec } from './parse-monitor-spec.js';

const base = {
  name: 'churn-drift',
  deployment: 'churn',
  reference: { type: 'dataset', uri: 'runs:/abc/data/train.parquet' },
  window: { duration: '1h' },
};

describe('parseMonitorSpec', () => {
  it('fills defaults and reads durations, days included', () => {
    const spec = parseMonitorSpec({
      ...base,
      reference: { type: 'traffic', from: '14d', to: '7d' },
      schedule: { every: '15m' },
      drift: { stattest: 'psi', perColumn: { city: { threshold: 0.2 } } },
      performance: { task: 'classification', metrics: ['accuracy', 'f1'], positiveLabel: 1 },
    });
    expect(spec.minRows).toBe(30);
    expect(spec.window.duration).toBe(3_600_000);
    expect(spec.schedule?.every).toBe(900_000);
    expect(spec.reference).toEqual({ type: 'traffic', from: 14 * 86_400_000, to: 7 * 86_400_000 });
  });

  it.each([
    [
      { ...base, window: { duration: '1h', last: 10 } },
      'window: give either duration (e.g. 1h) or last',
    ],
    [{ ...base, window: {} }, 'window: give either duration'],
    [{ ...base, window: { last: 0 } }, 'window.last: must be at least 1'],
    [
      { ...base, reference: { type: 'file', uri: 'x' } },
      'reference.type: must be one of dataset, profile, traffic (got "file")',
    ],
    [
      { ...base, reference: { type: 'dataset', uri: '/etc/passwd' } },
      'reference.uri: must be an artifact URI',
    ],
    [
      { ...base, reference: { type: 'traffic', from: '1d', to: '7d' } },
      'reference.to: from must be further back than to',
    ],
    [
      { ...base, performance: { task: 'regression', metrics: ['accuracy'] } },
      'performance.metrics[0]: accuracy is not a regression metric',
    ],
    [{ ...base, name: 'Churn Drift' }, 'name: must be lowercase letters'],
    [{ ...base, schedule: { every: 'often' } }, 'schedule.every: must be a positive duration'],
    [{ ...base, drift: { stattest: 'kss' } }, 'drift.stattest: must be one of ks'],
    [{ ...base, colour: 'blue' }, 'colour: unknown field'],
  ])('refuses %j with a message naming the field', (input, message) => {
    expect(() => parseMonitorSpec(input)).toThrow(message);
  });
});
