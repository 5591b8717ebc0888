/** What the models list asks the server for (from the page's URL). */
export interface ModelSearch {
  filter: string | undefined;
  orderBy: string;
  pageToken: string | undefined;
  maxResults: number;
}

/**
 * TanStack Query keys of the model registry pages. Everything about one model sits under
 * `registryKeys.model(name)`, so a change to the model (an alias moved, a tag edited) refreshes its
 * page, versions, history and version pages at once with one `invalidateQueries`.
 */
export const registryKeys = {
  all: ['registry'] as const,
  search: {
    all: ['registry', 'search'] as const,
    of: (search: ModelSearch) => ['registry', 'search', search] as const,
  },
  model: (name: string) => ['registry', 'model', name] as const,
  detail: (name: string) => ['registry', 'model', name, 'detail'] as const,
  versions: (name: string, pageToken: string | undefined) =>
    ['registry', 'model', name, 'versions', pageToken ?? ''] as const,
  history: (name: string) => ['registry', 'model', name, 'history'] as const,
  version: (name: string, version: string) =>
    ['registry', 'model', name, 'version', version] as const,
  // A version's files never change (they are immutable once registered), so what is read from
  // them stays out of the model's group and is not fetched again after each edit.
  signature: (name: string, version: string) =>
    ['registry', 'files', name, version, 'signature'] as const,
  downloadUri: (name: string, version: string) =>
    ['registry', 'files', name, version, 'download-uri'] as const,
  /** A version's source run (with its experiment), for the version page's links. */
  sourceRun: (runId: string) => ['registry', 'source-run', runId] as const,
  /** The caller's own explicit permissions and the server's default. */
  ownPermissions: (username: string) => ['registry', 'own-permissions', username] as const,
};
