import type { Run } from '@slipway/core';
import { parentRunIdOf } from './run-columns.js';

/** One line of the runs table: a run, how deep it is nested, and its loaded children. */
export interface RunRow {
  run: Run;
  /** 0 for a top-level run, 1 for its child, and so on. */
  depth: number;
  /** Children of this run among the loaded runs. */
  childCount: number;
  expanded: boolean;
  /**
   * The parent named by the run's `mlflow.parentRunId` tag when that parent is not among the
   * loaded runs (not loaded yet, filtered out, or in another lifecycle stage): the run is then
   * shown at the top level, and says so.
   */
  missingParentId: string | undefined;
}

/**
 * The loaded runs as the table shows them: each run under its parent (MLflow's
 * `mlflow.parentRunId` tag), children of a collapsed run hidden, otherwise in the order the
 * server sorted them (so children are sorted among themselves).
 *
 * Nesting is worked out over the runs loaded so far, at any depth. A child whose parent is on a
 * page not loaded yet stands at the top level (marked with its parent's id) until that page is
 * loaded, then moves under its parent; a parent's count covers its loaded children only. A run
 * whose parent chain loops back on itself (tags written by hand) is shown at the top level.
 */
export function flattenRuns(runs: readonly Run[], expanded: ReadonlySet<string>): RunRow[] {
  const byId = new Map<string, Run>();
  for (const run of runs) byId.set(run.info.runId, run);
  const children = new Map<string, Run[]>();
  const roots: Run[] = [];
  for (const run of runs) {
    const parentId = parentRunIdOf(run);
    if (parentId !== undefined && parentId !== run.info.runId && byId.has(parentId)) {
      const siblings = children.get(parentId);
      if (siblings === undefined) children.set(parentId, [run]);
      else siblings.push(run);
    } else {
      roots.push(run);
    }
  }

  // Runs in a loop of parents reach no top-level run: the first of each loop becomes one.
  const reached = new Set<string>();
  const reach = (top: Run) => {
    const queue = [top];
    reached.add(top.info.runId);
    while (queue.length > 0) {
      for (const kid of children.get(queue.pop()!.info.runId) ?? []) {
        if (reached.has(kid.info.runId)) continue;
        reached.add(kid.info.runId);
        queue.push(kid);
      }
    }
  };
  for (const root of roots) reach(root);
  let looped = false;
  for (const run of runs) {
    if (reached.has(run.info.runId)) continue;
    roots.push(run);
    reach(run);
    looped = true;
  }
  if (looped) {
    const order = new Map(runs.map((run, index) => [run.info.runId, index]));
    roots.sort((a, b) => order.get(a.info.runId)! - order.get(b.info.runId)!);
  }

  const rows: RunRow[] = [];
  const placed = new Set<string>();
  for (const top of roots) {
    // Depth-first without recursion: chains of nested runs can be long.
    const stack: Array<{ run: Run; depth: number }> = [{ run: top, depth: 0 }];
    while (stack.length > 0) {
      const { run, depth } = stack.pop()!;
      const id = run.info.runId;
      if (placed.has(id)) continue;
      placed.add(id);
      const kids = children.get(id) ?? [];
      const open = expanded.has(id);
      const parentId = depth === 0 ? parentRunIdOf(run) : undefined;
      rows.push({
        run,
        depth,
        childCount: kids.length,
        expanded: open,
        missingParentId: parentId !== undefined && !byId.has(parentId) ? parentId : undefined,
      });
      if (open) {
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ run: kids[i]!, depth: depth + 1 });
      }
    }
  }
  return rows;
}
