import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { deploymentKeys } from '../../../api/deployment-keys.js';

/**
 * A bandit's revision moves with every reward, which can be many a second: the page refreshes at
 * most this often, so a busy deployment does not turn into polling.
 */
const MIN_REFRESH_INTERVAL_MS = 10_000;

/**
 * The statistics stream carries the deployment's revision, which changes with every transition
 * (a canary step, someone else's promote, a new spec, a bandit reward): when it differs from the
 * page's, the page's deployment and transitions are fetched again, at once the first time and
 * then at most every 10 seconds. Driven by the stream, so nothing polls.
 */
export function useRevisionRefresh(
  name: string,
  shown: number | undefined,
  live: number | undefined,
): void {
  const queryClient = useQueryClient();
  const lastRefresh = useRef(0);
  useEffect(() => {
    if (shown === undefined || live === undefined || shown === live) return;
    const refresh = () => {
      lastRefresh.current = Date.now();
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.deployment(name) });
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.list });
    };
    const wait = lastRefresh.current + MIN_REFRESH_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      refresh();
      return;
    }
    const timer = setTimeout(refresh, wait);
    return () => clearTimeout(timer);
  }, [name, shown, live, queryClient]);
}
