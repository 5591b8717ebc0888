import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult } from '@tanstack/react-query';
import { registryKeys } from '../../api/registry-keys.js';

/**
 * A change to a registered model (or one of its versions). Once the server accepts it, everything
 * shown about the model is fetched again (its page, versions, history, version pages and the
 * models list), and the mutation settles only after that, so the page never shows the old state
 * as if the change had not happened. A refusal is the mutation's error, for ErrorDisplay.
 */
export function useRegistryMutation<TVariables = void, TResult = unknown>(
  name: string,
  change: (variables: TVariables) => Promise<TResult>,
): UseMutationResult<TResult, Error, TVariables> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: registryKeys.model(name) }),
        queryClient.invalidateQueries({ queryKey: registryKeys.search.all }),
      ]),
  });
}
