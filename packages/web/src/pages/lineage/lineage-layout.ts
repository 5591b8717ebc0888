import type { LineageEdge, LineageNode, LineageRelation } from '@slipway/core';
import { layoutDag } from '../pipelines/dag-layout.js';

/**
 * Where each lineage node is drawn. The pipelines DAG's layered layout decides the columns and
 * rows (a node's column is its depth from the edges into it, so upstream is on the left and every
 * edge runs left to right); the columns are spaced wider here because each edge carries its
 * relation as text in the gap.
 */

export const LN_NODE_WIDTH = 220;
export const LN_NODE_HEIGHT = 72;
const COLUMN_GAP = 130;
const ROW_GAP = 20;
const MARGIN = 8;

export interface PlacedNode {
  node: LineageNode;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** Every relation between the two nodes (a model version can serve a deployment now and before). */
  relations: LineageRelation[];
  path: string;
  /** Where the relation's text sits: the curve's midpoint. */
  labelX: number;
  labelY: number;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export function layoutLineage(
  nodes: readonly LineageNode[],
  edges: readonly LineageEdge[],
): LineageLayout {
  const ids = new Set(nodes.map((n) => n.id));
  const into = new Map<string, string[]>();
  for (const e of edges) {
    if (ids.has(e.from) && ids.has(e.to))
      (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(e.from);
  }
  const dag = layoutDag(nodes.map((n) => ({ key: n.id, needs: into.get(n.id) ?? [] })));
  const perColumn = new Map<number, number>();
  for (const d of dag.nodes) perColumn.set(d.depth, (perColumn.get(d.depth) ?? 0) + 1);
  const tallest = Math.max(1, ...perColumn.values());
  const columns = Math.max(1, ...[...perColumn.keys()].map((d) => d + 1));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Map<string, PlacedNode>();
  for (const d of dag.nodes) {
    // Shorter columns are centred against the tallest, as in the pipelines DAG.
    const offset = ((tallest - (perColumn.get(d.depth) ?? 0)) * (LN_NODE_HEIGHT + ROW_GAP)) / 2;
    placed.set(d.key, {
      node: byId.get(d.key)!,
      x: MARGIN + d.depth * (LN_NODE_WIDTH + COLUMN_GAP),
      y: MARGIN + offset + d.row * (LN_NODE_HEIGHT + ROW_GAP),
    });
  }
  const grouped = new Map<string, PlacedEdge>();
  for (const e of edges) {
    const from = placed.get(e.from);
    const to = placed.get(e.to);
    if (from === undefined || to === undefined) continue;
    const key = `${e.from}\n${e.to}`;
    const existing = grouped.get(key);
    if (existing !== undefined) {
      if (!existing.relations.includes(e.relation)) existing.relations.push(e.relation);
      continue;
    }
    const x1 = from.x + LN_NODE_WIDTH;
    const y1 = from.y + LN_NODE_HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + LN_NODE_HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    grouped.set(key, {
      from: e.from,
      to: e.to,
      relations: [e.relation],
      path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      // A cubic with these control points passes through the midpoint of its ends at t = 0.5.
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2,
    });
  }
  return {
    nodes: [...placed.values()],
    edges: [...grouped.values()],
    width: MARGIN * 2 + columns * (LN_NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
    height: MARGIN * 2 + tallest * (LN_NODE_HEIGHT + ROW_GAP) - ROW_GAP,
  };
}
