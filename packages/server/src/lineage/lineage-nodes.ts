import { formatLineageRef } from '@slipway/core';
import type {
  DatasetStore,
  DatasetVersion,
  DeploymentRecord,
  DeploymentStore,
  LineageAttribute,
  LineageNode,
  LineageRef,
  ModelRegistryStore,
  ModelVersion,
  PipelineRunInfo,
  PipelineStep,
  PipelineStore,
  ResourceType,
  RunInfo,
  RunStore,
} from '@slipway/core';

/** The stores lineage reads; it never writes. */
export interface LineageStores {
  datasets: DatasetStore;
  runs: RunStore;
  pipelines: PipelineStore;
  registry: ModelRegistryStore;
  deployments: DeploymentStore;
}

/** A node as loaded from its store: what the walk needs to go on from it. */
export type LoadedNode =
  | { type: 'dataset-version'; ref: RefOf<'dataset-version'>; version: DatasetVersion }
  | { type: 'pipeline-run'; ref: RefOf<'pipeline-run'>; run: PipelineRunInfo }
  | { type: 'pipeline-step'; ref: RefOf<'pipeline-step'>; run: PipelineRunInfo; step: PipelineStep }
  | { type: 'run'; ref: RefOf<'run'>; info: RunInfo }
  | { type: 'model-version'; ref: RefOf<'model-version'>; version: ModelVersion }
  | { type: 'deployment'; ref: RefOf<'deployment'>; record: DeploymentRecord };

type RefOf<T extends LineageRef['type']> = Extract<LineageRef, { type: T }>;

/**
 * Loads nodes for one walk, remembering pipeline runs and their steps: a fan-out of a thousand
 * steps reads its run once, not once per step.
 */
export class LineageLoader {
  private readonly pipelineRuns = new Map<string, Promise<PipelineRunInfo | undefined>>();
  private readonly pipelineSteps = new Map<string, Promise<PipelineStep[]>>();

  constructor(readonly stores: LineageStores) {}

  async load(ref: LineageRef): Promise<LoadedNode | undefined> {
    const s = this.stores;
    switch (ref.type) {
      case 'dataset-version': {
        const version = await s.datasets.getVersion(ref.name, ref.version);
        return version && { type: ref.type, ref, version };
      }
      case 'pipeline-run': {
        const run = await this.pipelineRun(ref.runId);
        return run && { type: ref.type, ref, run };
      }
      case 'pipeline-step': {
        const run = await this.pipelineRun(ref.runId);
        const step = run && (await this.steps(ref.runId)).find((x) => x.key === ref.stepKey);
        return run && step && { type: ref.type, ref, run, step };
      }
      case 'run': {
        const info = await s.runs.getInfo(ref.runId);
        return info && { type: ref.type, ref, info };
      }
      case 'model-version': {
        const version = await s.registry.getModelVersion(ref.name, ref.version);
        return version && { type: ref.type, ref, version };
      }
      case 'deployment': {
        const record = await s.deployments.get(ref.name);
        return record && { type: ref.type, ref, record };
      }
    }
  }

  /** The steps of a pipeline run, in plan order. */
  steps(runId: string): Promise<PipelineStep[]> {
    let steps = this.pipelineSteps.get(runId);
    if (steps === undefined) {
      steps = this.stores.pipelines.getSteps(runId);
      this.pipelineSteps.set(runId, steps);
    }
    return steps;
  }

  private pipelineRun(runId: string): Promise<PipelineRunInfo | undefined> {
    let run = this.pipelineRuns.get(runId);
    if (run === undefined) {
      run = this.stores.pipelines.getRunInfo(runId);
      this.pipelineRuns.set(runId, run);
    }
    return run;
  }
}

/** The resource whose READ permission shows the node (runs and steps inherit theirs). */
export function resourceOf(node: LoadedNode): { type: ResourceType; id: string } {
  switch (node.type) {
    case 'dataset-version':
      return { type: 'dataset', id: node.ref.name };
    case 'pipeline-run':
    case 'pipeline-step':
      return { type: 'pipeline', id: node.run.pipeline };
    case 'run':
      return { type: 'experiment', id: node.info.experimentId };
    case 'model-version':
      return { type: 'registered_model', id: node.ref.name };
    case 'deployment':
      return { type: 'deployment', id: node.ref.name };
  }
}

/** The node as the caller sees it when allowed to read it. */
export function describeNode(node: LoadedNode): LineageNode {
  const [label, attributes] = labelled(node);
  const defined: Record<string, LineageAttribute> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) defined[key] = value;
  }
  return { id: formatLineageRef(node.ref), type: node.type, label, attributes: defined };
}

type Attributes = Record<string, LineageAttribute | undefined>;

function labelled(node: LoadedNode): [string, Attributes] {
  switch (node.type) {
    case 'dataset-version': {
      const v = node.version;
      return [
        `${v.name}@${v.version}`,
        {
          name: v.name,
          version: v.version,
          digest: v.digest,
          size: v.size,
          rows: v.rows,
          createdAt: v.createdAt,
          createdBy: v.createdBy,
        },
      ];
    }
    case 'pipeline-run': {
      const { run } = node;
      return [
        `${run.pipeline} ${run.runId.slice(0, 8)}`,
        {
          pipeline: run.pipeline,
          runId: run.runId,
          status: run.status,
          trigger: run.trigger.type,
          createdAt: run.createdAt,
          createdBy: run.createdBy,
        },
      ];
    }
    case 'pipeline-step': {
      const { run, step } = node;
      return [
        `${run.pipeline}/${step.key}`,
        {
          pipeline: run.pipeline,
          runId: run.runId,
          stepKey: step.key,
          status: step.status,
          attempt: step.attempt,
          cacheKey: step.cacheKey,
          durationMs: step.durationMs,
        },
      ];
    }
    case 'run': {
      const { info } = node;
      return [
        info.runName || info.runId,
        {
          runId: info.runId,
          runName: info.runName,
          experimentId: info.experimentId,
          status: info.status,
          lifecycleStage: info.lifecycleStage,
          startTime: info.startTime,
        },
      ];
    }
    case 'model-version': {
      const v = node.version;
      return [
        `${v.name} v${v.version}`,
        {
          name: v.name,
          version: v.version,
          status: v.status,
          stage: v.currentStage,
          aliases: v.aliases.length > 0 ? v.aliases.join(',') : undefined,
          runId: v.runId || undefined,
          source: v.source,
          createdAt: v.creationTimestamp,
        },
      ];
    }
    case 'deployment': {
      const { record } = node;
      return [
        record.name,
        {
          name: record.name,
          policy: record.spec.policy.type,
          revision: record.revision,
          updatedAt: record.updatedAt,
        },
      ];
    }
  }
}
