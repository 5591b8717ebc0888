/**
 * The DAG of a pipeline's steps, by name: cycle finding for a message a person can act on, and a
 * topological order that keeps the spec's order among steps that are ready together, so the same
 * file always plans the same order.
 */
export interface GraphNode {
  name: string;
  needs: readonly string[];
}

/**
 * A cycle as the names along it, first repeated at the end (`['a', 'b', 'a']`: a needs b, b needs
 * a); undefined when there is none. Needs naming no node are ignored (reported elsewhere).
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const state = new Map<string, 'open' | 'done'>();
  for (const root of nodes) {
    if (state.has(root.name)) continue;
    // Iterative depth-first walk: the stack is the path from root, so a need that is still open
    // closes a cycle along it.
    const path: string[] = [root.name];
    const next: number[] = [0];
    state.set(root.name, 'open');
    while (path.length > 0) {
      const name = path[path.length - 1]!;
      const needs = byName.get(name)!.needs;
      const i = next[next.length - 1]!;
      if (i >= needs.length) {
        state.set(name, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const need = needs[i]!;
      if (!byName.has(need)) continue;
      const seen = state.get(need);
      if (seen === 'open') return [...path.slice(path.indexOf(need)), need];
      if (seen === undefined) {
        state.set(need, 'open');
        path.push(need);
        next.push(0);
      }
    }
  }
  return undefined;
}

/**
 * The names in an order where every node comes after the nodes it needs; among nodes ready at the
 * same time, the one listed first comes first. The graph must be acyclic with known needs.
 */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  const index = new Map(nodes.map((node, i) => [node.name, i]));
  const waiting = nodes.map((node) => new Set(node.needs).size);
  const neededBy: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    for (const need of new Set(node.needs)) neededBy[index.get(need)!]!.push(i);
  });
  // Ready indexes kept sorted descending, so the earliest listed pops off the end.
  const ready = waiting.flatMap((count, i) => (count === 0 ? [i] : [])).reverse();
  const order: string[] = [];
  while (ready.length > 0) {
    const i = ready.pop()!;
    order.push(nodes[i]!.name);
    for (const j of neededBy[i]!) {
      waiting[j] = waiting[j]! - 1;
      if (waiting[j] === 0) insertDescending(ready, j);
    }
  }
  return order;
}

function insertDescending(list: number[], value: number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! > value) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, value);
}

/** `a -> b -> a`, for messages. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}
