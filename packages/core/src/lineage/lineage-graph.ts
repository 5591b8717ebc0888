import type { LineageNodeType } from './lineage-ref.js';

/** Which way to walk from the root: towards what it came from, what came of it, or both. */
export const LINEAGE_DIRECTIONS = ['upstream', 'downstream', 'both'] as const;
export type LineageDirection = (typeof LINEAGE_DIRECTIONS)[number];

/**
 * How an edge's `from` relates to its `to`, read "from <relation> to". Edges always point
 * downstream (from where things came from to what was made of them):
 * - `read by`: a dataset version -> a tracked run that logged it as an input;
 * - `logged to`: a pipeline step -> the tracked run it logged to. A step and its run are one
 *   piece of work, so walks cross this edge both ways: the run's inputs are the step's inputs
 *   and what the run produced the step produced;
 * - `contains`: a pipeline run -> each of its steps;
 * - `needed by`: a step -> a step of the same run that needs it;
 * - `reused by`: a succeeded step -> a cached step that reuses its outputs;
 * - `produced`: a tracked run -> a model version registered from it;
 * - `deployed as` / `was deployed as`: a model version -> a deployment that serves it now / that
 *   served it in an earlier revision.
 */
export const LINEAGE_RELATIONS = [
  'read by',
  'logged to',
  'contains',
  'needed by',
  'reused by',
  'produced',
  'deployed as',
  'was deployed as',
] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export type LineageAttribute = string | number | boolean;

/**
 * A node: its id is its reference (`models:/churn/3`). A node the caller may not read is
 * `hidden`: an opaque id (`hidden:1`), its type, no label or attributes, and the walk does not go
 * past it.
 */
export interface LineageNode {
  id: string;
  type: LineageNodeType;
  label: string;
  attributes: Record<string, LineageAttribute>;
  hidden?: boolean | undefined;
}

export interface LineageEdge {
  from: string;
  to: string;
  relation: LineageRelation;
}

export interface LineageGraph {
  /** The root's id (an alias resolved to its version). */
  root: string;
  direction: LineageDirection;
  depth: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the node cap stopped the walk before `depth`. */
  truncated: boolean;
}

export const LINEAGE_DEFAULT_DEPTH = 10;
export const LINEAGE_MAX_DEPTH = 100;
/** At most this many nodes per answer; past it the walk stops and the graph is `truncated`. */
export const LINEAGE_MAX_NODES = 2_000;
