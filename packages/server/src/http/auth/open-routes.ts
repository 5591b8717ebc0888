/**
 * Paths answered without credentials: liveness and readiness probes (load balancers and
 * Kubernetes call them unauthenticated), MLflow scoring's /ping, and the OpenAPI document (the
 * API's shape, no data). Everything else needs a caller when authentication is on.
 */
const OPEN_PATHS = new Set([
  '/health',
  '/ping',
  '/v2/health/live',
  '/v2/health/ready',
  '/api/openapi.json',
]);

export function isOpenPath(path: string, metricsOpen: boolean): boolean {
  return OPEN_PATHS.has(path) || (metricsOpen && path === '/metrics');
}
