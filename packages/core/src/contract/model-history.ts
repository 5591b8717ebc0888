import { z } from 'zod';
import { pageQueryShape, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const modelHistoryActionSchema = z.enum([
  'model_created',
  'model_renamed',
  'model_description_updated',
  'model_deleted',
  'model_tag_set',
  'model_tag_deleted',
  'version_created',
  'version_updated',
  'version_status_changed',
  'version_deleted',
  'version_tag_set',
  'version_tag_deleted',
  'stage_transitioned',
  'alias_set',
  'alias_deleted',
]);

export const modelHistoryEventSchema = z
  .object({
    id: z.number().int(),
    modelName: z.string(),
    version: z.string().optional(),
    action: modelHistoryActionSchema,
    from: z.string().optional().describe('The value before the change, where there was one.'),
    to: z.string().optional().describe('The value after the change.'),
    actor: z.string(),
    time: timestampSchema,
  })
  .register(contractRegistry, {
    id: 'ModelHistoryEvent',
    description: 'One change to a registered model: who, when, what it was, what it became.',
  });

export const modelHistoryResponseSchema = z
  .object({ events: z.array(modelHistoryEventSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ModelHistoryResponse' });

export const modelHistoryRoutes = {
  getModelHistory: defineRoute({
    operationId: 'getModelHistory',
    method: 'GET',
    path: '/api/v1/models/{name}/history',
    group: 'registered models',
    summary: 'The audit history of a registered model, oldest first',
    params: z.object({ name: z.string().min(1) }),
    query: z.object(pageQueryShape),
    status: 200,
    response: modelHistoryResponseSchema,
  }),
};
