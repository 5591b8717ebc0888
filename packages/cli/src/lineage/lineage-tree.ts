import type { LineageEdge, LineageGraph, LineageNode } from '@slipway/core';

type TreeDirection = 'upstream' | 'downstream';

interface Child {
  node: LineageNode;
  edge: LineageEdge;
  /** Whether the edge points from the child to its parent in the tree. */
  intoParent: boolean;
}

/**
 * A lineage graph as indented trees from the root: one for each direction walked. A node met
 * again is printed once more with `(see above)` and not expanded, so shared ancestry stays short.
 * `<-` marks an edge from the child to the line above it, `->` one from the line above.
 */
export function lineageTree(graph: LineageGraph): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = byId.get(graph.root);
  if (root === undefined) return [`${graph.root} (not found)`];
  const directions: TreeDirection[] =
    graph.direction === 'both' ? ['upstream', 'downstream'] : [graph.direction];
  const lines: string[] = [];
  for (const direction of directions) {
    if (graph.direction === 'both') lines.push(`${direction}:`);
    lines.push(describe(root));
    const seen = new Set([root.id]);
    const walk = (node: LineageNode, indent: string) => {
      const children = childrenOf(graph.edges, byId, node.id, direction);
      children.forEach((child, i) => {
        const last = i === children.length - 1;
        const again = seen.has(child.node.id);
        seen.add(child.node.id);
        const arrow = child.intoParent ? '<-' : '->';
        lines.push(
          `${indent}${last ? '└─' : '├─'} ${arrow} ${child.edge.relation}: ${describe(child.node)}${again ? ' (see above)' : ''}`,
        );
        if (!again) walk(child.node, `${indent}${last ? '   ' : '│  '}`);
      });
    };
    walk(root, '');
  }
  if (graph.truncated) {
    lines.push(`(truncated at ${graph.nodes.length} nodes: start from a node further along)`);
  }
  return lines;
}

/**
 * The next nodes in `direction`: the sources of edges into the node upstream, the targets of
 * edges out of it downstream, and both ends of `logged to` (a step and its run are one piece of
 * work, walked through both ways).
 */
function childrenOf(
  edges: readonly LineageEdge[],
  byId: ReadonlyMap<string, LineageNode>,
  id: string,
  direction: TreeDirection,
): Child[] {
  const children: Child[] = [];
  for (const edge of edges) {
    const both = edge.relation === 'logged to';
    if (edge.to === id && (direction === 'upstream' || both)) {
      const node = byId.get(edge.from);
      if (node !== undefined) children.push({ node, edge, intoParent: true });
    } else if (edge.from === id && (direction === 'downstream' || both)) {
      const node = byId.get(edge.to);
      if (node !== undefined) children.push({ node, edge, intoParent: false });
    }
  }
  return children.sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
}

function describe(node: LineageNode): string {
  if (node.hidden === true) return `(a ${node.type} you may not read)`;
  const status = node.attributes['status'];
  const extra = typeof status === 'string' ? ` [${status}]` : '';
  return node.label === node.id ? `${node.id}${extra}` : `${node.label}  ${node.id}${extra}`;
}
