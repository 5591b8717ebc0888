/**
 * TanStack Query keys of the monitors pages. Everything about one monitor sits under
 * `monitorKeys.monitor(name)`, so a save, a run or a delete refreshes its page with one
 * `invalidateQueries`; a deployment's list sits under `monitorKeys.list(deployment)`.
 */
export const monitorKeys = {
  all: ['monitors'] as const,
  list: (deployment: string) => ['monitors', 'list', deployment] as const,
  monitor: (name: string) => ['monitors', 'monitor', name] as const,
  detail: (name: string) => ['monitors', 'monitor', name, 'detail'] as const,
  /** The newest `maxResults` stored runs, every version's result in each. */
  history: (name: string, maxResults: number) =>
    ['monitors', 'monitor', name, 'history', maxResults] as const,
  alerts: (name: string) => ['monitors', 'monitor', name, 'alerts'] as const,
  alertEvents: (name: string) => ['monitors', 'monitor', name, 'alert-events'] as const,
};
