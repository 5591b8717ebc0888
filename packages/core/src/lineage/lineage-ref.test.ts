import { describe, expect, it } from 'vitest';
import { isSlipwayError } from '../errors.js';
import { formatLineageRef, parseLineageRef } from './lineage-ref.js';
import type { LineageRef } from './lineage-ref.js';

describe('parseLineageRef', () => {
  it('parses every form and formats it back', () => {
    const cases: Array<[string, LineageRef]> = [
      ['datasets:/transactions@4', { type: 'dataset-version', name: 'transactions', version: 4 }],
      ['pipelines:/r1', { type: 'pipeline-run', runId: 'r1' }],
      ['pipelines:/r1/train[2]', { type: 'pipeline-step', runId: 'r1', stepKey: 'train[2]' }],
      ['runs:/abc', { type: 'run', runId: 'abc' }],
      ['models:/churn/3', { type: 'model-version', name: 'churn', version: '3' }],
      ['models:/team/churn/3', { type: 'model-version', name: 'team/churn', version: '3' }],
      ['deployments:/churn-live', { type: 'deployment', name: 'churn-live' }],
    ];
    for (const [text, ref] of cases) {
      expect(parseLineageRef(text)).toEqual(ref);
      expect(formatLineageRef(ref)).toBe(text);
    }
  });

  it('parses a model alias, and normalises version numbers', () => {
    expect(parseLineageRef('models:/churn@champion')).toEqual({
      type: 'model-alias',
      name: 'churn',
      alias: 'champion',
    });
    expect(parseLineageRef(' models:/churn/3 ')).toEqual({
      type: 'model-version',
      name: 'churn',
      version: '3',
    });
  });

  it('refuses anything else with the accepted forms in the message', () => {
    for (const bad of [
      'churn',
      'datasets:/x',
      'datasets:/x@0',
      'datasets:/@3',
      'datasets:/x@latest',
      'models:/churn',
      'models:/churn/latest',
      'models:/churn@',
      'runs:/',
      'runs:/a/model',
      'pipelines:/',
      'pipelines:/r/a/b',
      'pipelines:/r/',
      'deployments:/a/b',
      's3://bucket/x',
    ]) {
      try {
        parseLineageRef(bad);
        expect.unreachable(bad);
      } catch (err) {
        expect(isSlipwayError(err) && err.code).toBe('INVALID_ARGUMENT');
        expect((err as Error).message).toContain('datasets:/<name>@<version>');
      }
    }
  });
});
