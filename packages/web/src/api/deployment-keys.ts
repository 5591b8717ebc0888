/** What the prediction log browser asks the server for (from the page's URL). */
export interface PredictionSearch {
  deployment: string;
  model: string | undefined;
  version: string | undefined;
  /** Milliseconds since the epoch, inclusive. */
  from: number | undefined;
  /** Milliseconds since the epoch, exclusive. */
  to: number | undefined;
  pageToken: string | undefined;
  maxResults: number;
}

/**
 * TanStack Query keys of the deployment pages. Everything about one deployment sits under
 * `deploymentKeys.deployment(name)`, so a transition (promote, rollback, a canary step) refreshes
 * its page and history with one `invalidateQueries`; the live statistics stream has a key of its
 * own outside that group, so refreshing the page never reopens the stream.
 */
export const deploymentKeys = {
  all: ['deployments'] as const,
  list: ['deployments', 'list'] as const,
  deployment: (name: string) => ['deployments', 'deployment', name] as const,
  detail: (name: string) => ['deployments', 'deployment', name, 'detail'] as const,
  events: (name: string) => ['deployments', 'deployment', name, 'events'] as const,
  predictions: (search: PredictionSearch) =>
    ['deployments', 'deployment', search.deployment, 'predictions', search] as const,
  liveStats: (name: string) => ['deployments', 'live-stats', name] as const,
  /** The caller's own explicit permissions and the server's default. */
  ownPermissions: (username: string) => ['deployments', 'own-permissions', username] as const,
};
