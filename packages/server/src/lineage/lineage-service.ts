import { LINEAGE_MAX_NODES, formatLineageRef, notFound, parseLineageRef } from '@slipway/core';
import type { Caller, LineageDirection, LineageGraph, LineageRef } from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { LineageLoader, resourceOf } from './lineage-nodes.js';
import type { LineageStores } from './lineage-nodes.js';
import { walkLineage } from './lineage-walk.js';

export interface LineageQuery {
  node: string;
  direction: LineageDirection;
  depth: number;
}

/**
 * Lineage across what Slipway already records: dataset versions linked to tracked runs, the
 * pipeline steps that logged to those runs (and their runs, needs and cache reuse), the registry
 * versions registered from the runs, and the deployments serving them. Read-only.
 *
 * Access: the starting node needs READ (NOT_FOUND before PERMISSION_DENIED, as every get). Every
 * other node the caller cannot read is returned hidden, `{ id: 'hidden:<n>', type, hidden: true }`
 * without names or attributes, and the walk does not continue past it: the caller learns that
 * something they may not see is connected there, and nothing about what lies beyond.
 */
export class LineageService {
  constructor(
    private readonly stores: LineageStores,
    private readonly access: AccessService,
    private readonly maxNodes = LINEAGE_MAX_NODES,
  ) {}

  async graph(caller: Caller, query: LineageQuery): Promise<LineageGraph> {
    const loader = new LineageLoader(this.stores);
    const ref = await this.resolve(query.node);
    const root = await loader.load(ref);
    if (root === undefined) {
      throw notFound(`No ${describe(ref)} '${formatLineageRef(ref)}' to trace lineage from.`);
    }
    const resource = resourceOf(root);
    await this.access.require(caller, resource.type, resource.id, 'read');
    const walked = await walkLineage(loader, root, {
      direction: query.direction,
      depth: query.depth,
      maxNodes: this.maxNodes,
      readable: async (node) => {
        const r = resourceOf(node);
        return this.access.can(caller, r.type, r.id, 'read');
      },
    });
    return {
      root: formatLineageRef(ref),
      direction: query.direction,
      depth: query.depth,
      ...walked,
    };
  }

  /** The reference parsed, a model alias resolved to the version it points at. */
  private async resolve(text: string): Promise<LineageRef> {
    const parsed = parseLineageRef(text);
    if (parsed.type !== 'model-alias') return parsed;
    const version = await this.stores.registry.getVersionByAlias(parsed.name, parsed.alias);
    if (version === undefined) {
      throw notFound(`Registered model '${parsed.name}' has no alias '${parsed.alias}'.`);
    }
    return { type: 'model-version', name: version.name, version: version.version };
  }
}

function describe(ref: LineageRef): string {
  switch (ref.type) {
    case 'dataset-version':
      return 'dataset version';
    case 'pipeline-run':
      return 'pipeline run';
    case 'pipeline-step':
      return 'pipeline step';
    case 'run':
      return 'run';
    case 'model-version':
      return 'model version';
    case 'deployment':
      return 'deployment';
  }
}
