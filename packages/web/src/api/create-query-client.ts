import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isSlipwayError } from '@slipway/sdk';

/** Errors worth another try: the server was unreachable or failed; 4xx answers will not change. */
function isTransient(err: unknown): boolean {
  return !isSlipwayError(err) || err.code === 'UNAVAILABLE' || err.code === 'INTERNAL';
}

export function isUnauthenticated(err: unknown): boolean {
  return isSlipwayError(err) && err.code === 'UNAUTHENTICATED';
}

/**
 * The UI's query cache. A 401 from any query or mutation (the token expired or was revoked) calls
 * `onUnauthenticated`, which ends the session and sends the user back to the login page.
 */
export function createQueryClient(onUnauthenticated: () => void): QueryClient {
  const onError = (err: unknown) => {
    if (isUnauthenticated(err)) onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (failures, err) => failures < 2 && isTransient(err),
        staleTime: 10_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
