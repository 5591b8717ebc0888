import { describe, expect, it } from 'vitest';
import { layoutDag, stepDepths } from './dag-layout.js';

describe('layoutDag', () => {
  it('puts each step one column past the deepest step it needs', () => {
    const depths = stepDepths([
      { key: 'prepare', needs: [] },
      { key: 'train[0]', needs: ['prepare'] },
      { key: 'train[1]', needs: ['prepare'] },
      { key: 'report', needs: ['train[0]', 'train[1]', 'prepare'] },
      { key: 'lint', needs: [] },
    ]);
    expect(Object.fromEntries(depths)).toEqual({
      prepare: 0,
      'train[0]': 1,
      'train[1]': 1,
      report: 2,
      lint: 0,
    });
  });

  it('finds depths whatever the listing order, and survives a cycle or an unknown need', () => {
    const depths = stepDepths([
      { key: 'c', needs: ['b'] },
      { key: 'b', needs: ['a', 'missing'] },
      { key: 'a', needs: [] },
      { key: 'x', needs: ['y'] },
      { key: 'y', needs: ['x'] },
    ]);
    expect(depths.get('a')).toBe(0);
    expect(depths.get('b')).toBe(1);
    expect(depths.get('c')).toBe(2);
    expect(depths.has('x') && depths.has('y')).toBe(true);
  });

  it('draws every edge left to right and gives no two nodes the same place', () => {
    const steps = [
      { key: 'a', needs: [] },
      ...Array.from({ length: 5 }, (_, i) => ({ key: `fan[${i}]`, needs: ['a'] })),
      { key: 'join', needs: Array.from({ length: 5 }, (_, i) => `fan[${i}]`) },
    ];
    const layout = layoutDag(steps);
    expect(layout.edges).toHaveLength(10);
    const places = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
    expect(places.size).toBe(steps.length);
    const x = new Map(layout.nodes.map((n) => [n.key, n.x]));
    for (const e of layout.edges) expect(x.get(e.from)!).toBeLessThan(x.get(e.to)!);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeLessThan(layout.height);
    }
  });

  it('lays out a 1,000-step chain without running out of stack', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => ({
      key: `s${i}`,
      needs: i === 0 ? [] : [`s${i - 1}`],
    }));
    expect(stepDepths([...steps].reverse()).get('s999')).toBe(999);
  });
});
