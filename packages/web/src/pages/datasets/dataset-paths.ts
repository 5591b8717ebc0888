/** URLs of the datasets pages. */

export const DATASETS_PATH = '/datasets';

export function datasetPath(name: string): string {
  return `/datasets/${encodeURIComponent(name)}`;
}

export function datasetVersionPath(name: string, version: number): string {
  return `${datasetPath(name)}/versions/${version}`;
}
