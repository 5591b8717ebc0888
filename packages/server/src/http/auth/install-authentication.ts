import { httpStatusFor, isSlipwayError } from '@slipway/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../access/authenticator.js';
import { authErrorReply } from './auth-error-reply.js';
import { isOpenPath } from './open-routes.js';

export interface AuthenticationOptions {
  authenticator: Authenticator;
  /** Serve GET /metrics without credentials (Prometheus scrapers that cannot send any). */
  metricsOpen: boolean;
  /** Requests answered without credentials besides the open paths: the web UI's public files. */
  isPublic?: ((request: FastifyRequest) => boolean) | undefined;
}

/**
 * Authenticates every request before routing, whatever API it is for: deny by default, so a
 * route added later is protected without anyone remembering to. The caller goes on the request
 * (`callerOf`); a refusal is answered at once, in the shape of the API asked, with
 * `WWW-Authenticate` so browsers and HTTP clients know to send Basic credentials.
 */
export function installAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  app.decorateRequest('caller', null);
  const { authenticator } = options;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (isOpenPath(path, options.metricsOpen) || options.isPublic?.(request) === true) return;
    try {
      request.caller = await authenticator.authenticate(request.headers.authorization, request.ip);
    } catch (err) {
      if (!isSlipwayError(err) || err.code !== 'UNAUTHENTICATED') throw err;
      const { contentType, body } = authErrorReply(path, err);
      // The body may still be arriving; answer without reading it and close the connection.
      reply.header('www-authenticate', 'Basic realm="slipway", charset="UTF-8"');
      reply.header('connection', 'close');
      await reply.code(httpStatusFor(err.code)).type(contentType).send(body);
    }
  });
}
