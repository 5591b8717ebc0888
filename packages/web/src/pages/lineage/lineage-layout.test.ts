import { describe, expect, it } from 'vitest';
import type { LineageNode } from '@slipway/core';
import { layoutLineage } from './lineage-layout.js';
import { lineagePath, nodePagePath, parseDepth, parseDirection } from './lineage-paths.js';

const node = (id: string, type: LineageNode['type'], hidden = false): LineageNode => ({
  id,
  type,
  label: hidden ? 'hidden' : id,
  attributes: {},
  ...(hidden ? { hidden: true } : {}),
});

describe('layoutLineage', () => {
  it('puts upstream on the left and merges the relations of one pair', () => {
    const layout = layoutLineage(
      [
        node('deployments:/live', 'deployment'),
        node('models:/churn/1', 'model-version'),
        node('runs:/r1', 'run'),
        node('datasets:/tx@1', 'dataset-version'),
      ],
      [
        { from: 'datasets:/tx@1', to: 'runs:/r1', relation: 'read by' },
        { from: 'runs:/r1', to: 'models:/churn/1', relation: 'produced' },
        { from: 'models:/churn/1', to: 'deployments:/live', relation: 'deployed as' },
        { from: 'models:/churn/1', to: 'deployments:/live', relation: 'was deployed as' },
        { from: 'runs:/gone', to: 'runs:/r1', relation: 'read by' },
      ],
    );
    const x = new Map(layout.nodes.map((n) => [n.node.id, n.x]));
    expect(x.get('datasets:/tx@1')).toBeLessThan(x.get('runs:/r1')!);
    expect(x.get('runs:/r1')).toBeLessThan(x.get('models:/churn/1')!);
    expect(x.get('models:/churn/1')).toBeLessThan(x.get('deployments:/live')!);
    expect(layout.edges).toHaveLength(3);
    expect(layout.edges.find((e) => e.to === 'deployments:/live')?.relations).toEqual([
      'deployed as',
      'was deployed as',
    ]);
    expect(layout.width).toBeGreaterThan(x.get('deployments:/live')!);
  });
});

describe('lineage paths', () => {
  it('links each kind of node to its page, and hidden nodes nowhere', () => {
    expect(nodePagePath(node('datasets:/tx@4', 'dataset-version'))).toBe('/datasets/tx/versions/4');
    expect(nodePagePath(node('pipelines:/p1/train[0]', 'pipeline-step'))).toBe(
      '/pipelines/runs/p1?step=train%5B0%5D',
    );
    expect(nodePagePath(node('runs:/abc', 'run'))).toBe('/runs/abc');
    expect(nodePagePath(node('models:/team/churn/3', 'model-version'))).toBe(
      '/models/team%2Fchurn/versions/3',
    );
    expect(nodePagePath(node('deployments:/live', 'deployment'))).toBe('/deployments/live');
    expect(nodePagePath(node('hidden:1', 'run', true))).toBeUndefined();
  });

  it('reads the view from the URL, falling back to the defaults', () => {
    expect(lineagePath('models:/churn/3')).toBe(
      '/lineage?node=models%3A%2Fchurn%2F3&direction=both&depth=3',
    );
    expect(parseDirection('upstream')).toBe('upstream');
    expect(parseDirection('sideways')).toBe('both');
    expect(parseDepth('0', 100)).toBe(0);
    expect(parseDepth('101', 100)).toBe(3);
    expect(parseDepth('-1', 100)).toBe(3);
    expect(parseDepth(null, 100)).toBe(3);
  });
});
