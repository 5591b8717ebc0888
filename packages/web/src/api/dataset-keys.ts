/**
 * TanStack Query keys of the datasets pages. Versions are immutable, so a version's key never
 * needs invalidating; the list and a dataset's versions change when a version is added.
 */
export const datasetKeys = {
  all: ['datasets'] as const,
  list: (pageToken: string | undefined) => ['datasets', 'list', pageToken] as const,
  dataset: (name: string) => ['datasets', 'dataset', name] as const,
  detail: (name: string) => ['datasets', 'dataset', name, 'detail'] as const,
  versions: (name: string, pageToken: string | undefined) =>
    ['datasets', 'dataset', name, 'versions', pageToken] as const,
  version: (name: string, version: number) =>
    ['datasets', 'dataset', name, 'version', version] as const,
};
