import type { Run } from '@slipway/core';
import { parseRunOrderBy } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  cellText,
  formatDuration,
  formatMetric,
  nextSort,
  orderByFor,
  parseColumns,
  parseSort,
  serializeColumns,
  serializeSort,
} from './run-columns.js';
import type { DataColumn } from './run-columns.js';

function run(data: Partial<Run['data']>): Run {
  return {
    info: {
      runId: 'r1',
      runName: 'r1',
      experimentId: '1',
      userId: 'ada',
      status: 'FINISHED',
      startTime: 0,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: { metrics: [], params: [], tags: [], ...data },
    inputs: { datasetInputs: [] },
  };
}

describe('the columns parameter', () => {
  it('round-trips keys with commas, percent signs, dots and spaces', () => {
    const columns: DataColumn[] = [
      { kind: 'metrics', key: 'acc' },
      { kind: 'params', key: 'a,b' },
      { kind: 'tags', key: 'mlflow.source.name' },
      { kind: 'metrics', key: 'val loss 100%' },
    ];
    const text = serializeColumns(columns);
    expect(text).toBe('metrics.acc,params.a%2Cb,tags.mlflow.source.name,metrics.val loss 100%25');
    expect(parseColumns(text)).toEqual(columns);
  });

  it('drops unknown kinds, empty keys, bad escapes and repeats', () => {
    expect(parseColumns('')).toEqual([]);
    expect(parseColumns('metrics.acc,foo.bar,metrics.,params.%E0%A4%A,metrics.acc')).toEqual([
      { kind: 'metrics', key: 'acc' },
    ]);
  });
});

describe('sorting', () => {
  it('is newest first by default and round-trips through the URL', () => {
    expect(parseSort(null)).toEqual(DEFAULT_SORT);
    const sort = { field: { kind: 'metrics', key: 'f1 score' }, ascending: false } as const;
    expect(serializeSort(sort)).toBe('metrics.f1 score desc');
    expect(parseSort(serializeSort(sort))).toEqual(sort);
    expect(parseSort('attributes.nonsense asc')).toEqual(DEFAULT_SORT);
    expect(parseSort('metrics.acc sideways')).toEqual(DEFAULT_SORT);
  });

  it('writes order_by strings the server parses, with keys quoted', () => {
    const cases = [
      { field: { kind: 'metrics', key: 'acc' }, ascending: false },
      { field: { kind: 'params', key: 'we`ird key' }, ascending: true },
      { field: { kind: 'tags', key: 'mlflow.source.name' }, ascending: true },
      { field: { kind: 'attributes', key: 'run_name' }, ascending: true },
    ] as const;
    expect(cases.map((c) => orderByFor(c)[0])).toEqual([
      'metrics.`acc` DESC',
      'params.`we``ird key` ASC',
      'tags.`mlflow.source.name` ASC',
      'attributes.run_name ASC',
    ]);
    const parsed = parseRunOrderBy(cases.flatMap((c) => orderByFor(c)));
    expect(parsed.map((p) => [p.type, p.key, p.ascending])).toEqual([
      ['metric', 'acc', false],
      ['param', 'we`ird key', true],
      ['tag', 'mlflow.source.name', true],
      ['attribute', 'run_name', true],
    ]);
  });

  it('toggles the sorted column and starts another ascending', () => {
    const acc = { kind: 'metrics', key: 'acc' } as const;
    const once = nextSort(DEFAULT_SORT, acc);
    expect(once).toEqual({ field: acc, ascending: true });
    expect(nextSort(once, acc)).toEqual({ field: acc, ascending: false });
  });
});

describe('cells', () => {
  it('formats metrics, params, tags, source and logged models', () => {
    const r = run({
      metrics: [{ key: 'acc', value: 0.912345678, step: 0, timestamp: 0 }],
      params: [{ key: 'lr', value: '0.01' }],
      tags: [
        { key: 'mlflow.source.name', value: '/home/ada/train.py' },
        {
          key: 'mlflow.log-model.history',
          value: JSON.stringify([{ artifact_path: 'model' }, { artifact_path: 'onnx' }]),
        },
      ],
    });
    expect(cellText(r, { kind: 'metrics', key: 'acc' })).toBe('0.912346');
    expect(cellText(r, { kind: 'metrics', key: 'loss' })).toBeUndefined();
    expect(cellText(r, { kind: 'params', key: 'lr' })).toBe('0.01');
    expect(cellText(r, { kind: 'tags', key: 'mlflow.source.name' })).toBe('train.py');
    expect(cellText(r, { kind: 'tags', key: 'mlflow.log-model.history' })).toBe('model, onnx');
  });

  it('formats numbers and durations', () => {
    expect([formatMetric(3), formatMetric(0.1 + 0.2), formatMetric(Number.NaN)]).toEqual([
      '3',
      '0.3',
      'NaN',
    ]);
    expect(formatDuration(0, 850, 0)).toBe('850ms');
    expect(formatDuration(0, 4_240, 0)).toBe('4.2s');
    expect(formatDuration(0, 185_000, 0)).toBe('3m 05s');
    expect(formatDuration(0, 2 * 3_600_000 + 60_000, 0)).toBe('2h 01m');
    expect(formatDuration(0, undefined, 90_061_000)).toBe('1d 01h');
  });
});
