/**
 * Where each step of a run is drawn: a layered layout, one column per topological depth (a step
 * without needs is depth 0, any other one more than the deepest step it needs), so every edge
 * runs left to right. Within a column steps keep plan order, then are sorted once by the mean row
 * of the steps they need, which keeps a fan-out's instances beside their source and cuts most
 * crossings without a full crossing-minimisation pass.
 */

export interface DagStep {
  key: string;
  needs: readonly string[];
}

export interface DagNode {
  key: string;
  depth: number;
  /** Row within its column, from 0. */
  row: number;
  x: number;
  y: number;
}

export interface DagEdge {
  from: string;
  to: string;
  /** An SVG path from the right side of `from` to the left side of `to`. */
  path: string;
}

export interface DagLayout {
  nodes: DagNode[];
  edges: DagEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 52;
const COLUMN_GAP = 64;
const ROW_GAP = 16;
const MARGIN = 8;

/** Depth of every step; needs naming no step of the run are ignored (the server refuses them). */
export function stepDepths(steps: readonly DagStep[]): Map<string, number> {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const depths = new Map<string, number>();
  // Iterative, so a 1,000-step chain cannot overflow the stack; `visiting` guards against a cycle
  // the server should never have stored.
  const visiting = new Set<string>();
  for (const root of steps) {
    const stack: string[] = [root.key];
    while (stack.length > 0) {
      const key = stack[stack.length - 1]!;
      if (depths.has(key)) {
        stack.pop();
        continue;
      }
      visiting.add(key);
      const needs = (byKey.get(key)?.needs ?? []).filter((n) => byKey.has(n));
      const open = needs.filter((n) => !depths.has(n) && !visiting.has(n));
      if (open.length > 0) {
        stack.push(...open);
        continue;
      }
      const depth = needs.reduce((d, n) => Math.max(d, (depths.get(n) ?? -1) + 1), 0);
      depths.set(key, depth);
      visiting.delete(key);
      stack.pop();
    }
  }
  return depths;
}

export function layoutDag(steps: readonly DagStep[]): DagLayout {
  const depths = stepDepths(steps);
  const columns: DagStep[][] = [];
  for (const step of steps) {
    const depth = depths.get(step.key) ?? 0;
    (columns[depth] ??= []).push(step);
  }
  const rowOf = new Map<string, number>();
  for (const column of columns) {
    const planOrder = new Map(column.map((s, i) => [s.key, i]));
    const weight = (s: DagStep): number => {
      const rows = s.needs.map((n) => rowOf.get(n)).filter((r) => r !== undefined);
      return rows.length === 0
        ? planOrder.get(s.key)!
        : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const sorted = [...column].sort(
      (a, b) => weight(a) - weight(b) || planOrder.get(a.key)! - planOrder.get(b.key)!,
    );
    sorted.forEach((s, row) => rowOf.set(s.key, row));
  }
  const tallest = columns.reduce((n, c) => Math.max(n, c.length), 0);
  const nodes: DagNode[] = steps.map((s) => {
    const depth = depths.get(s.key) ?? 0;
    const row = rowOf.get(s.key) ?? 0;
    // Shorter columns are centred against the tallest, so a fan-in sits across from its fan-out.
    const offset = ((tallest - (columns[depth]?.length ?? 0)) * (NODE_HEIGHT + ROW_GAP)) / 2;
    return {
      key: s.key,
      depth,
      row,
      x: MARGIN + depth * (NODE_WIDTH + COLUMN_GAP),
      y: MARGIN + offset + row * (NODE_HEIGHT + ROW_GAP),
    };
  });
  const at = new Map(nodes.map((n) => [n.key, n]));
  const edges: DagEdge[] = [];
  for (const s of steps) {
    const to = at.get(s.key)!;
    for (const need of new Set(s.needs)) {
      const from = at.get(need);
      if (from === undefined) continue;
      const x1 = from.x + NODE_WIDTH;
      const y1 = from.y + NODE_HEIGHT / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_HEIGHT / 2;
      const bend = (x2 - x1) / 2;
      edges.push({
        from: need,
        to: s.key,
        path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      });
    }
  }
  return {
    nodes,
    edges,
    width: MARGIN * 2 + Math.max(columns.length, 1) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
    height: MARGIN * 2 + Math.max(tallest, 1) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP,
  };
}
