/** `/deployments/<name>`: a deployment's page. */
export function deploymentPath(name: string): string {
  return `/deployments/${encodeURIComponent(name)}`;
}

/** `/deployments/<name>/predictions`: its prediction log. */
export function predictionsPath(name: string): string {
  return `${deploymentPath(name)}/predictions`;
}

/** `/deployments/<name>/monitors`: its monitors. */
export function monitorsPath(name: string): string {
  return `${deploymentPath(name)}/monitors`;
}

/** `/deployments/<name>/monitors/<monitor>`: one monitor's results. */
export function monitorPath(name: string, monitor: string): string {
  return `${monitorsPath(name)}/${encodeURIComponent(monitor)}`;
}

/** `/deployments/<name>/monitors/<monitor>/edit`: its spec editor. */
export function editMonitorPath(name: string, monitor: string): string {
  return `${monitorPath(name, monitor)}/edit`;
}

/** `/deployments/<name>/new-monitor`: a new monitor's spec editor (apart, so no monitor name clashes). */
export function newMonitorPath(name: string): string {
  return `${deploymentPath(name)}/new-monitor`;
}
