/** `/deployments/<name>`: a deployment's page. */
export function deploymentPath(name: string): string {
  return `/deployments/${encodeURIComponent(name)}`;
}

/** `/deployments/<name>/predictions`: its prediction log. */
export function predictionsPath(name: string): string {
  return `${deploymentPath(name)}/predictions`;
}
