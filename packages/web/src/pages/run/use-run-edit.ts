import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SlipwayClient } from '@slipway/sdk';
import { chartKeys } from '../../api/chart-keys.js';
import { queryKeys } from '../../api/query-keys.js';
import { runKeys } from '../../api/run-keys.js';
import { useSignedIn } from '../../session/use-session.js';

/**
 * A change to a run (its name, a tag, its description) through the SDK. On success the run is
 * read again here, in the experiment's runs list and in the charts (which show its name).
 */
export function useRunEdit<V>(
  runId: string,
  change: (client: SlipwayClient, value: V) => Promise<unknown>,
) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (value: V) => change(client, value),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.runs.all }),
        queryClient.invalidateQueries({ queryKey: chartKeys.run(runId) }),
      ]);
    },
  });
}
