import { useQueries } from '@tanstack/react-query';
import { runKeys } from '../../../api/run-keys.js';
import { useSignedIn } from '../../../session/use-session.js';
import { sortEntries } from './tree-rows.js';
import type { FolderState } from './tree-rows.js';

/**
 * The entries of each folder asked for ('' is the root), each folder listed on its own and only
 * once it is open: a run with thousands of files in folders nobody opens costs one listing.
 */
export function useFolders(
  runId: string,
  folders: readonly string[],
): { states: Map<string, FolderState>; rootError: unknown; refetchRoot: () => void } {
  const { client } = useSignedIn();
  const results = useQueries({
    queries: folders.map((folder) => ({
      queryKey: runKeys.artifacts(runId, folder),
      queryFn: () => client.artifacts.list(runId, folder === '' ? undefined : folder),
      // Sorted once per listing (a stable function, so TanStack Query keeps the result) rather
      // than on every render of a folder of thousands of files.
      select: sortEntries,
    })),
  });
  const states = new Map<string, FolderState>();
  let rootError: unknown;
  let refetchRoot = () => undefined as void;
  results.forEach((result, index) => {
    const folder = folders[index] ?? '';
    if (result.data !== undefined) states.set(folder, { status: 'loaded', entries: result.data });
    else if (result.isError) states.set(folder, { status: 'failed' });
    else states.set(folder, { status: 'loading' });
    if (folder === '') {
      rootError = result.error ?? undefined;
      refetchRoot = () => void result.refetch();
    }
  });
  return { states, rootError, refetchRoot };
}
