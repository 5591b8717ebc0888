/** The model registry's page URLs (names may hold '/' and other characters: encoded). */
export function modelPath(name: string): string {
  return `/models/${encodeURIComponent(name)}`;
}

export function versionPath(name: string, version: string): string {
  return `${modelPath(name)}/versions/${encodeURIComponent(version)}`;
}

export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

export function experimentPath(experimentId: string): string {
  return `/experiments/${encodeURIComponent(experimentId)}`;
}

/** The first line of a description, shortened for a table cell. */
export function excerptOf(description: string, length = 120): string {
  const line = description.trim().split('\n')[0]?.trim() ?? '';
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
