import { LINEAGE_DIRECTIONS, parseLineageRef } from '@slipway/core';
import type { LineageDirection, LineageNode, LineageNodeType } from '@slipway/core';
import { datasetVersionPath } from '../datasets/dataset-paths.js';
import { deploymentPath } from '../deployments/deployment-paths.js';
import { pipelineRunPath } from '../pipelines/pipeline-paths.js';
import { runPath, versionPath } from '../registry/model-links.js';

/** What the page shows when the URL says nothing: both ways, three edges out. */
export const DEFAULT_DIRECTION: LineageDirection = 'both';
export const DEFAULT_DEPTH = 3;

export interface LineageView {
  direction: LineageDirection;
  depth: number;
}

/**
 * How a model version's page opens its lineage: where it came from, as far as the server walks
 * by default (a dataset is five edges above a model: run, step, step, run, dataset).
 */
export const MODEL_LINEAGE: LineageView = { direction: 'upstream', depth: 10 };
/** How a dataset version's page opens its lineage: what was made of it, down to deployments. */
export const DATASET_LINEAGE: LineageView = { direction: 'downstream', depth: 10 };

/** `/lineage?node=<ref>&direction=both&depth=3`: the lineage page rooted on `node`. */
export function lineagePath(node: string, view: Partial<LineageView> = {}): string {
  const params = new URLSearchParams({
    node,
    direction: view.direction ?? DEFAULT_DIRECTION,
    depth: String(view.depth ?? DEFAULT_DEPTH),
  });
  return `/lineage?${params.toString()}`;
}

/** The direction in the URL, or the default when it is missing or not one the API knows. */
export function parseDirection(text: string | null): LineageDirection {
  return LINEAGE_DIRECTIONS.find((d) => d === text) ?? DEFAULT_DIRECTION;
}

/** The depth in the URL, or the default when it is missing or not a whole number in 0..max. */
export function parseDepth(text: string | null, max: number): number {
  const depth = text === null || !/^\d{1,3}$/u.test(text) ? Number.NaN : Number(text);
  return Number.isInteger(depth) && depth <= max ? depth : DEFAULT_DEPTH;
}

const TYPE_TEXT: Record<LineageNodeType, string> = {
  'dataset-version': 'Dataset version',
  'pipeline-run': 'Pipeline run',
  'pipeline-step': 'Pipeline step',
  run: 'Run',
  'model-version': 'Model version',
  deployment: 'Deployment',
};

/** A node's kind in words: the graph shows it as text, never as colour alone. */
export function typeText(type: LineageNodeType): string {
  return TYPE_TEXT[type];
}

/** What a node is called on the page: hidden nodes have no name the caller may see. */
export function nodeName(node: LineageNode): string {
  return node.hidden === true ? 'hidden (no access)' : node.label;
}

/**
 * The UI page of the thing a node stands for, or undefined for a hidden node (its id is opaque)
 * or an id this UI cannot read.
 */
export function nodePagePath(node: LineageNode): string | undefined {
  if (node.hidden === true) return undefined;
  let ref;
  try {
    ref = parseLineageRef(node.id);
  } catch {
    return undefined;
  }
  switch (ref.type) {
    case 'dataset-version':
      return datasetVersionPath(ref.name, ref.version);
    case 'pipeline-run':
      return pipelineRunPath(ref.runId);
    case 'pipeline-step':
      return pipelineRunPath(ref.runId, ref.stepKey);
    case 'run':
      return runPath(ref.runId);
    case 'model-version':
      return versionPath(ref.name, ref.version);
    case 'deployment':
      return deploymentPath(ref.name);
    case 'model-alias':
      // The server always answers with versions; an alias never names a node.
      return undefined;
  }
}
