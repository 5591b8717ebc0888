import { z } from 'zod';
import { AUDIT_RESOURCE_TYPES } from '../access/audit-event.js';
import { pageQueryShape, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    time: timestampSchema,
    actor: z.string(),
    tokenId: z.string().optional(),
    action: z.string(),
    resourceType: z.enum(AUDIT_RESOURCE_TYPES),
    resourceId: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .register(contractRegistry, { id: 'AuditEvent' });

const searchAuditEventsResponseSchema = z
  .object({ events: z.array(auditEventSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'SearchAuditEventsResponse' });

const timeQuery = z.coerce.number().int().describe('Milliseconds since the Unix epoch.');

export const auditRoutes = {
  searchAuditEvents: defineRoute({
    operationId: 'searchAuditEvents',
    method: 'GET',
    path: '/api/v1/audit',
    group: 'audit',
    summary: 'Search the audit log, newest first',
    description:
      "Admins see every event. Other users see their own actions, or a resource's events when they may read it (give resourceType and resourceId).",
    query: z.object({
      actor: z.string().optional(),
      resourceType: z.enum(AUDIT_RESOURCE_TYPES).optional(),
      resourceId: z.string().optional(),
      action: z
        .string()
        .optional()
        .describe('An action, or a prefix ending in "." such as "registered_model.".'),
      from: timeQuery.optional(),
      to: timeQuery.optional(),
      ...pageQueryShape,
    }),
    status: 200,
    response: searchAuditEventsResponseSchema,
  }),
};
