import { describe, expect, it } from 'vitest';
import { findCycle, formatCycle, topologicalOrder } from './pipeline-graph.js';

const node = (name: string, ...needs: string[]) => ({ name, needs });

describe('findCycle', () => {
  it('finds none in a DAG, whatever the listing order', () => {
    expect(findCycle([node('c', 'b'), node('b', 'a'), node('a'), node('d', 'a', 'c')])).toBe(
      undefined,
    );
  });

  it('names the cycle along the needs', () => {
    expect(findCycle([node('a', 'b'), node('b', 'a')])).toEqual(['a', 'b', 'a']);
    const cycle = findCycle([node('x'), node('a', 'x', 'b'), node('b', 'c'), node('c', 'a')]);
    expect(formatCycle(cycle!)).toBe('a -> b -> c -> a');
  });

  it('finds a cycle not reachable from the first step, and a self-need', () => {
    expect(findCycle([node('a'), node('b', 'c'), node('c', 'b')])).toEqual(['b', 'c', 'b']);
    expect(findCycle([node('a', 'a')])).toEqual(['a', 'a']);
  });

  it('walks a long chain without recursion', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) =>
      node(`s${i}`, ...(i > 0 ? [`s${i - 1}`] : [])),
    );
    expect(findCycle(nodes)).toBe(undefined);
    nodes[0] = node('s0', 's19999');
    expect(findCycle(nodes)?.length).toBe(20_001);
  });
});

describe('topologicalOrder', () => {
  it('puts needs first and keeps the listing order among ready steps', () => {
    expect(topologicalOrder([node('train', 'prepare'), node('prepare'), node('lint')])).toEqual([
      'prepare',
      'train',
      'lint',
    ]);
    expect(
      topologicalOrder([node('d', 'b', 'c'), node('c', 'a'), node('b', 'a'), node('a'), node('e')]),
    ).toEqual(['a', 'c', 'b', 'd', 'e']);
  });

  it('treats a repeated need once', () => {
    expect(topologicalOrder([node('b', 'a', 'a'), node('a')])).toEqual(['a', 'b']);
  });
});
