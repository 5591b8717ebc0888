import { formatLineageRef, parseModelVersionFilter } from '@slipway/core';
import type { LineageRef, LineageRelation } from '@slipway/core';
import type { LineageLoader, LoadedNode } from './lineage-nodes.js';

/** A node next to another, and how: `neighbourIs` says which end of the edge it is. */
export interface Neighbour {
  ref: LineageRef;
  relation: LineageRelation;
  neighbourIs: 'from' | 'to';
}

export type WalkDirection = 'upstream' | 'downstream';

/** Registry versions read per run (a run rarely produces more). */
const VERSIONS_PER_RUN = 1000;
const SLIPWAY_DATASET = /^datasets:\/(.+)@([1-9]\d*)$/u;

/**
 * The nodes one edge away from `node` in `direction`. Edges point downstream, so upstream
 * neighbours are the `from` ends; a step and its tracked run are neighbours both ways (see
 * LINEAGE_RELATIONS).
 */
export async function neighbours(
  loader: LineageLoader,
  node: LoadedNode,
  direction: WalkDirection,
): Promise<Neighbour[]> {
  const up = direction === 'upstream';
  const s = loader.stores;
  switch (node.type) {
    case 'dataset-version': {
      if (up) return [];
      const source = formatLineageRef(node.ref);
      const links = await s.runs.datasetLinks({ sources: [source] });
      return links
        .filter((l) => l.sourceType === 'slipway' && l.digest === node.version.digest)
        .map((l) => to({ type: 'run', runId: l.runId }, 'read by'));
    }
    case 'run': {
      const runId = node.ref.runId;
      const steps = (await s.pipelines.stepsTrackedTo([runId])).map((l) =>
        from({ type: 'pipeline-step', runId: l.runId, stepKey: l.stepKey }, 'logged to'),
      );
      if (up) {
        const links = await s.runs.datasetLinks({ runIds: [runId] });
        const datasets = links.flatMap((l) => {
          const m = l.sourceType === 'slipway' ? SLIPWAY_DATASET.exec(l.source) : null;
          return m?.[1] === undefined || m[1] !== l.name
            ? []
            : [from({ type: 'dataset-version', name: l.name, version: Number(m[2]) }, 'read by')];
        });
        return [...datasets, ...steps];
      }
      return [...steps, ...(await producedVersions(loader, runId))];
    }
    case 'pipeline-run': {
      if (up) return [];
      const steps = await loader.steps(node.ref.runId);
      return steps.map((step) =>
        to({ type: 'pipeline-step', runId: node.ref.runId, stepKey: step.key }, 'contains'),
      );
    }
    case 'pipeline-step': {
      const { step } = node;
      const { runId } = node.ref;
      const found: Neighbour[] = [];
      if (step.trackedRunId !== undefined) {
        found.push(to({ type: 'run', runId: step.trackedRunId }, 'logged to'));
      }
      if (up) {
        found.push(from({ type: 'pipeline-run', runId }, 'contains'));
        for (const key of step.needs) {
          found.push(from({ type: 'pipeline-step', runId, stepKey: key }, 'needed by'));
        }
        if (step.cachedFrom !== undefined) {
          found.push(from({ type: 'pipeline-step', ...step.cachedFrom }, 'reused by'));
        }
        return found;
      }
      for (const other of await loader.steps(runId)) {
        if (other.needs.includes(step.key)) {
          found.push(to({ type: 'pipeline-step', runId, stepKey: other.key }, 'needed by'));
        }
      }
      for (const l of await s.pipelines.stepsCachedFrom([{ runId, stepKey: step.key }])) {
        found.push(to({ type: 'pipeline-step', runId: l.runId, stepKey: l.stepKey }, 'reused by'));
      }
      return found;
    }
    case 'model-version': {
      const { name, version } = node.ref;
      if (up) {
        const runId = node.version.runId;
        return runId === '' ? [] : [from({ type: 'run', runId }, 'produced')];
      }
      const served = await s.deployments.servedVersions();
      return served
        .filter((v) => v.name === name && v.version === version)
        .map((v) =>
          to(
            { type: 'deployment', name: v.deployment },
            v.current ? 'deployed as' : 'was deployed as',
          ),
        );
    }
    case 'deployment': {
      if (!up) return [];
      const served = await s.deployments.servedVersions([node.ref.name]);
      return served.map((v) =>
        from(
          { type: 'model-version', name: v.name, version: v.version },
          v.current ? 'deployed as' : 'was deployed as',
        ),
      );
    }
  }
}

/** The registry versions registered from a run (its id, or a logged model of it, as source). */
async function producedVersions(loader: LineageLoader, runId: string): Promise<Neighbour[]> {
  // Run ids are generated hex; anything that would need quoting cannot be one.
  if (!/^[\w-]+$/u.test(runId)) return [];
  const page = await loader.stores.registry.searchModelVersions({
    filter: parseModelVersionFilter(`run_id = '${runId}'`),
    orderBy: [],
    offset: 0,
    limit: VERSIONS_PER_RUN,
  });
  return page.items.map((v) =>
    to({ type: 'model-version', name: v.name, version: v.version }, 'produced'),
  );
}

function from(ref: LineageRef, relation: LineageRelation): Neighbour {
  return { ref, relation, neighbourIs: 'from' };
}

function to(ref: LineageRef, relation: LineageRelation): Neighbour {
  return { ref, relation, neighbourIs: 'to' };
}
