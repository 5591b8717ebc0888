import type { Run } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { flattenRuns } from './run-tree.js';

function run(runId: string, parentRunId?: string): Run {
  return {
    info: {
      runId,
      runName: runId,
      experimentId: '1',
      userId: 'ada',
      status: 'FINISHED',
      startTime: 0,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: {
      metrics: [],
      params: [],
      tags: parentRunId === undefined ? [] : [{ key: 'mlflow.parentRunId', value: parentRunId }],
    },
    inputs: { datasetInputs: [] },
  };
}

const shown = (rows: ReturnType<typeof flattenRuns>) =>
  rows.map(
    (r) => `${'-'.repeat(r.depth)}${r.run.info.runId}${r.childCount ? `(${r.childCount})` : ''}`,
  );

describe('flattenRuns', () => {
  const runs = [run('c1', 'p'), run('a'), run('p'), run('g1', 'c1'), run('c2', 'p'), run('o', 'x')];

  it('hides children under collapsed parents, keeping the server order', () => {
    expect(shown(flattenRuns(runs, new Set()))).toEqual(['a', 'p(2)', 'o']);
  });

  it('shows children (and theirs) under expanded parents, in order', () => {
    expect(shown(flattenRuns(runs, new Set(['p', 'c1'])))).toEqual([
      'a',
      'p(2)',
      '-c1(1)',
      '--g1',
      '-c2',
      'o',
    ]);
    expect(shown(flattenRuns(runs, new Set(['p'])))).toEqual(['a', 'p(2)', '-c1(1)', '-c2', 'o']);
  });

  it('marks a run whose parent is not loaded, and survives loops of parents', () => {
    const rows = flattenRuns(runs, new Set());
    expect(rows.find((r) => r.run.info.runId === 'o')?.missingParentId).toBe('x');
    const loop = [run('x', 'y'), run('y', 'x'), run('self', 'self')];
    expect(shown(flattenRuns(loop, new Set(['x', 'y'])))).toEqual(['x(1)', '-y(1)', 'self']);
  });
});
