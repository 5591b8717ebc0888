import { z } from 'zod';
import {
  LINEAGE_DEFAULT_DEPTH,
  LINEAGE_DIRECTIONS,
  LINEAGE_MAX_DEPTH,
  LINEAGE_RELATIONS,
} from '../lineage/lineage-graph.js';
import { LINEAGE_NODE_TYPES, LINEAGE_REF_FORMS } from '../lineage/lineage-ref.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const lineageNodeSchema = z
  .object({
    id: z.string().describe('The node reference, e.g. models:/churn/3; hidden:<n> when hidden.'),
    type: z.enum(LINEAGE_NODE_TYPES),
    label: z.string(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    hidden: z
      .boolean()
      .optional()
      .describe('The caller may not read it: no name, no attributes, and not walked past.'),
  })
  .register(contractRegistry, { id: 'LineageNode' });

export const lineageEdgeSchema = z
  .object({
    from: z.string().describe('The upstream node: edges point from sources to what was made.'),
    to: z.string(),
    relation: z.enum(LINEAGE_RELATIONS),
  })
  .register(contractRegistry, { id: 'LineageEdge' });

export const lineageGraphSchema = z
  .object({
    root: z.string(),
    direction: z.enum(LINEAGE_DIRECTIONS),
    depth: z.number().int(),
    nodes: z.array(lineageNodeSchema),
    edges: z.array(lineageEdgeSchema),
    truncated: z.boolean().describe('The node cap stopped the walk before the depth was reached.'),
  })
  .register(contractRegistry, {
    id: 'LineageGraph',
    description:
      'Dataset versions -> tracked runs and pipeline steps -> model versions -> deployments.',
  });

export const lineageQuerySchema = z.object({
  node: z
    .string()
    .min(1)
    .describe(`One of ${LINEAGE_REF_FORMS.join(', ')}.`),
  direction: z.enum(LINEAGE_DIRECTIONS).default('upstream'),
  depth: z.coerce.number().int().min(0).max(LINEAGE_MAX_DEPTH).default(LINEAGE_DEFAULT_DEPTH),
});

export const lineageRoutes = {
  getLineage: defineRoute({
    operationId: 'getLineage',
    method: 'GET',
    path: '/api/v1/lineage',
    group: 'lineage',
    summary: 'The lineage graph around a node, walked upstream, downstream or both',
    description:
      'Breadth-first from the node, at most `depth` edges away and 2,000 nodes. Only nodes the caller may read are named; others appear as hidden nodes the walk does not pass.',
    query: lineageQuerySchema,
    status: 200,
    response: lineageGraphSchema,
  }),
};
