import { describe, expect, it } from 'vitest';
import type { Run } from '@slipway/core';
import { comparedRun, readList, valueKeys, valuesDiffer } from './compared-run.js';

function run(id: string, params: Record<string, string>, metrics: Record<string, number>): Run {
  return {
    info: {
      runId: id,
      runName: `run-${id}`,
      experimentId: '1',
      userId: 'ada',
      status: 'FINISHED',
      startTime: 0,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        step: 0,
        timestamp: 0,
      })),
      tags: [],
    },
    inputs: { datasetInputs: [] },
  };
}

describe('compared runs', () => {
  const a = comparedRun(run('a', { lr: '0.1', opt: 'adam' }, { acc: 0.9 }), 0);
  const b = comparedRun(run('b', { lr: '0.1' }, { acc: 0.8, loss: 0.2 }), 1);

  it('names values as MLflow search does, params before metrics', () => {
    expect(a.values).toEqual({ 'params.lr': '0.1', 'params.opt': 'adam', 'metrics.acc': 0.9 });
    expect(valueKeys([a, b])).toEqual({
      params: ['params.lr', 'params.opt'],
      metrics: ['metrics.acc', 'metrics.loss'],
    });
    expect(a.style).not.toEqual(b.style);
  });

  it('finds differences, a missing value included', () => {
    expect(valuesDiffer([a.values['params.lr'], b.values['params.lr']])).toBe(false);
    expect(valuesDiffer([a.values['params.opt'], b.values['params.opt']])).toBe(true);
    expect(valuesDiffer([a.values['metrics.acc'], b.values['metrics.acc']])).toBe(true);
    expect(valuesDiffer([undefined, undefined])).toBe(false);
  });

  it('reads comma lists without blanks or repeats', () => {
    expect(readList(' a, b,,a ')).toEqual(['a', 'b']);
    expect(readList(null)).toEqual([]);
  });
});
