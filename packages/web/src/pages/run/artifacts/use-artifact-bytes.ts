import { useQuery } from '@tanstack/react-query';
import { runKeys } from '../../../api/run-keys.js';
import { useSignedIn } from '../../../session/use-session.js';
import { readPrefix } from './read-prefix.js';

/**
 * The first `maxBytes` of an artifact, downloaded through the SDK (the API needs the session's
 * Bearer token, which a plain link or <img src> would not send).
 */
export function useArtifactBytes(runId: string, path: string, maxBytes: number) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: runKeys.artifactBytes(runId, path, maxBytes),
    queryFn: async () => readPrefix(await client.artifacts.downloadStream(runId, path), maxBytes),
  });
}
