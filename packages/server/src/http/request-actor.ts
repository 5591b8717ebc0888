import type { FastifyRequest } from 'fastify';

/**
 * Who is making a request, for audit records. Until authentication lands this is the user an MLflow
 * client sends through HTTP basic auth (MLFLOW_TRACKING_USERNAME) or the `x-slipway-user` header.
 */
export function requestActor(request: FastifyRequest): string {
  const header = request.headers['x-slipway-user'];
  if (typeof header === 'string' && header.length > 0) return header.slice(0, 256);
  const auth = request.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) return user.slice(0, 256);
  }
  return 'anonymous';
}
