import type { FastifyInstance } from 'fastify';
import { serverMetadataResponse } from '../../serving/protocol/server-metadata.js';

/**
 * GET /version, as MLflow's server has it: the server's version as plain text. Like MLflow's
 * basic-auth app, it needs credentials (only /health is open).
 */
export function registerVersionRoute(app: FastifyInstance): void {
  app.get('/version', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(serverMetadataResponse().version),
  );
}
