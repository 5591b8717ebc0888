import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseMonitorSpec } from '@slipway/core';
import { editableSpec } from './spec-durations.js';
import { nameInYaml, newMonitorYaml, specToYaml } from './spec-yaml.js';

const STORED = parseMonitorSpec({
  name: 'fraud-drift',
  deployment: 'fraud',
  reference: { type: 'traffic', from: '14d', to: '7d' },
  window: { duration: '90m' },
  schedule: { every: '15m' },
  drift: { driftShare: 0.3 },
  alerts: [
    {
      name: 'drifted',
      metric: 'drift.share',
      op: '>=',
      threshold: 0.3,
      cooldown: '1h',
      retrain: true,
    },
    { name: 'slow', metric: 'serving.p95_latency_ms', op: '>', threshold: 250 },
  ],
});

describe('specToYaml', () => {
  it('writes every duration as text, which the server parses back to the same spec', () => {
    expect(STORED.window.duration).toBe(5_400_000);
    const text = specToYaml(STORED);
    expect(text).toContain('from: 14d');
    expect(text).toContain('to: 7d');
    expect(text).toContain('duration: 90m');
    expect(text).toContain('every: 15m');
    expect(text).toContain('cooldown: 1h');
    expect(text).toContain('cooldown: 1d');
    expect(text).not.toMatch(/\d{6,}/u);
    expect(parseMonitorSpec(parse(text))).toEqual(STORED);
  });

  it('keeps the fields in the documented order and leaves out what is unset', () => {
    const spec = editableSpec(
      parseMonitorSpec({
        name: 'm',
        deployment: 'd',
        reference: { type: 'dataset', uri: 'runs:/abc/ref.csv' },
        window: { last: 500 },
      }),
    );
    expect(Object.keys(spec)).toEqual(['name', 'deployment', 'reference', 'window', 'minRows']);
    expect(spec.window).toEqual({ last: 500 });
  });
});

describe('newMonitorYaml and nameInYaml', () => {
  it('gives a template the server accepts, named after the deployment', () => {
    const text = newMonitorYaml('fraud');
    expect(nameInYaml(text)).toBe('fraud-drift');
    expect(parseMonitorSpec(parse(text)).deployment).toBe('fraud');
  });

  it('finds no name in a document without one, or one that does not parse', () => {
    expect(nameInYaml('deployment: fraud\n')).toBeUndefined();
    expect(nameInYaml('name: [unclosed\n')).toBeUndefined();
    expect(nameInYaml('- a list\n')).toBeUndefined();
  });
});
