import { formatLineageRef } from '@slipway/core';
import type { LineageDirection, LineageEdge, LineageNode, LineageRef } from '@slipway/core';
import { neighbours } from './lineage-neighbours.js';
import type { WalkDirection } from './lineage-neighbours.js';
import { describeNode } from './lineage-nodes.js';
import type { LineageLoader, LoadedNode } from './lineage-nodes.js';

export interface WalkOptions {
  direction: LineageDirection;
  depth: number;
  maxNodes: number;
  /** Whether the caller may read the node; others are shown hidden and not walked past. */
  readable(node: LoadedNode): Promise<boolean>;
}

export interface WalkResult {
  nodes: LineageNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

/** A node met on the walk: its id in the answer, and its data when the caller may read it. */
interface Met {
  id: string;
  node: LoadedNode;
  readable: boolean;
}

/**
 * Breadth-first from `root`, one level of edges at a time, up to `depth` levels and `maxNodes`
 * nodes. `both` is the upstream walk and the downstream walk together, not every path that turns
 * back (which would reach most of the store). References to records that no longer exist (a
 * deleted version, a run purged) are left out.
 */
export async function walkLineage(
  loader: LineageLoader,
  root: LoadedNode,
  options: WalkOptions,
): Promise<WalkResult> {
  const met = new Map<string, Met | null>();
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  let hiddenCount = 0;
  let truncated = false;

  const meet = async (ref: LineageRef): Promise<Met | null> => {
    const key = formatLineageRef(ref);
    const known = met.get(key);
    if (known !== undefined) return known;
    const node = await loader.load(ref);
    let found: Met | null = null;
    if (node !== undefined) {
      const readable = await options.readable(node);
      found = { id: readable ? key : `hidden:${++hiddenCount}`, node, readable };
    }
    met.set(key, found);
    return found;
  };
  const show = (m: Met) => {
    if (nodes.has(m.id)) return;
    nodes.set(
      m.id,
      m.readable
        ? describeNode(m.node)
        : { id: m.id, type: m.node.type, label: 'hidden', attributes: {}, hidden: true },
    );
  };

  const rootMet: Met = { id: formatLineageRef(root.ref), node: root, readable: true };
  met.set(rootMet.id, rootMet);
  show(rootMet);

  const directions: WalkDirection[] =
    options.direction === 'both' ? ['upstream', 'downstream'] : [options.direction];
  for (const direction of directions) {
    const seen = new Set([rootMet.id]);
    let frontier: Met[] = [rootMet];
    for (let level = 0; level < options.depth && frontier.length > 0 && !truncated; level++) {
      const next: Met[] = [];
      for (const current of frontier) {
        for (const link of await neighbours(loader, current.node, direction)) {
          const other = await meet(link.ref);
          if (other === null) continue;
          if (!nodes.has(other.id) && nodes.size >= options.maxNodes) {
            truncated = true;
            break;
          }
          show(other);
          const [from, to] =
            link.neighbourIs === 'from' ? [other.id, current.id] : [current.id, other.id];
          edges.set(JSON.stringify([from, to, link.relation]), {
            from,
            to,
            relation: link.relation,
          });
          if (other.readable && !seen.has(other.id)) {
            seen.add(other.id);
            next.push(other);
          }
        }
        if (truncated) break;
      }
      frontier = next;
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
