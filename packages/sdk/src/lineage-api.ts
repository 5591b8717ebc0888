import { nativeRoutes as r } from '@slipway/core';
import type { LineageDirection, LineageGraph } from '@slipway/core';
import type { Transport } from './transport.js';

export interface LineageOptions {
  /** `upstream` (where it came from, the default), `downstream` (what was made of it) or `both`. */
  direction?: LineageDirection | undefined;
  /** How many edges away to walk (default 10). */
  depth?: number | undefined;
}

/**
 * Lineage: dataset versions -> tracked runs and pipeline steps -> model versions -> deployments.
 *
 * @example
 * ```ts
 * const graph = await client.lineage.get('models:/churn/3');
 * const datasets = graph.nodes.filter((n) => n.type === 'dataset-version');
 * ```
 */
export class LineageApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The graph around a node: `datasets:/name@4`, `pipelines:/<runId>[/<step>]`, `runs:/<id>`,
   * `models:/name/3` or `models:/name@alias`, `deployments:/name`. Nodes the caller may not
   * read come back `hidden`, without names.
   *
   * @example
   * ```ts
   * const { nodes, edges } = await client.lineage.get('datasets:/transactions@4', {
   *   direction: 'downstream',
   *   depth: 5,
   * });
   * ```
   */
  async get(node: string, options: LineageOptions = {}): Promise<LineageGraph> {
    const query: { node: string; direction?: LineageDirection; depth?: number } = { node };
    if (options.direction !== undefined) query.direction = options.direction;
    if (options.depth !== undefined) query.depth = options.depth;
    return this.transport.call(r.getLineage, { query });
  }
}
