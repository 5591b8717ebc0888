import type { FastifyInstance } from 'fastify';
import { serverMetadataResponse } from '../../serving/protocol/server-metadata.js';
import type { OipRouteContext } from './oip-route-context.js';

/** Server liveness, readiness (status code only, empty body on success) and server metadata. */
export function healthRoutes(v2: FastifyInstance, context: OipRouteContext): void {
  v2.get('/health/live', async (_request, reply) => reply.code(200).send());
  v2.get('/health/ready', async (_request, reply) => {
    if (context.resolver.serverReady()) return reply.code(200).send();
    return reply.code(503).send({ error: 'The server is not ready to serve inference yet.' });
  });
  v2.get('/', async () => serverMetadataResponse());
}
