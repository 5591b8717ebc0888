import type { FastifyInstance } from 'fastify';
import { streamedBody } from '../body-budget.js';
import { parseMlflowJson } from './mlflow-json.js';

/**
 * MLflow's API takes only application/json (other types get MLflow's Content-Type error). The body
 * may carry bare NaN/Infinity tokens; an empty body means an empty message.
 */
export function useMlflowJsonParser(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (!/\S/u.test(text)) {
      done(null, undefined);
      return;
    }
    try {
      done(null, parseMlflowJson(text));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/**
 * Artifact uploads of any content type arrive as the request stream, never buffered, so large
 * files flow straight to the artifact store (the route enforces the size limit). Not counted in
 * the body budget; a client that stops sending gets 408 after the body timeout.
 */
export function useRawStreamParser(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (request, _payload, done) => {
    done(null, streamedBody(request));
  });
}
