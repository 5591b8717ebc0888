import { useEffect } from 'react';
import {
  experimental_streamedQuery as streamedQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { deploymentKeys } from '../../../api/deployment-keys.js';
import { useSignedIn } from '../../../session/use-session.js';
import { EMPTY_HISTORY, reduceLive } from './live-history.js';
import type { LiveHistory } from './live-history.js';
import { liveStatsStream } from './live-stream.js';
import { usePageVisible } from './use-page-visible.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'paused' | 'failed';

export interface LiveStats {
  history: LiveHistory;
  state: LiveState;
  /** Why the stream ended for good (state `failed`), or why it was last lost (`reconnecting`). */
  error: unknown;
  /** Opens the stream again after it failed. */
  retry(): void;
}

/**
 * The live statistics of a deployment, pushed by the server once a second (server-sent events,
 * never polling), kept as a TanStack streamed query whose reducer holds the last 15 minutes.
 * One stream per page: it closes when the page unmounts (TanStack Query aborts the request when
 * its last observer goes) and while the tab is hidden (Page Visibility API), and reopens when the
 * tab is shown again, appending to what it held.
 */
export function useLiveStats(name: string, enabled = true): LiveStats {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const query = useQuery({
    queryKey: deploymentKeys.liveStats(name),
    queryFn: streamedQuery({
      streamFn: ({ signal }) => liveStatsStream(client, name, signal),
      refetchMode: 'append',
      reducer: reduceLive,
      initialValue: EMPTY_HISTORY,
    }),
    enabled: enabled && visible,
    // Always stale, so showing the tab again (or coming back to the page) reopens the stream.
    staleTime: 0,
    // A new history object every second; comparing it deeply with the last one is wasted work.
    structuralSharing: false,
    // The stream reconnects by itself (liveStatsStream); what ends it is a real refusal.
    retry: false,
  });

  useEffect(() => {
    if (visible) return;
    // Reverting keeps what the stream had delivered; the request is aborted.
    void queryClient.cancelQueries({ queryKey: deploymentKeys.liveStats(name), exact: true });
  }, [visible, name, queryClient]);

  const history = query.data ?? EMPTY_HISTORY;
  let state: LiveState;
  if (!enabled) state = 'connecting';
  else if (!visible) state = 'paused';
  else if (query.isError) state = 'failed';
  else state = history.connection;
  return {
    history,
    state,
    error: query.isError ? query.error : history.lostBecause,
    retry: () => void query.refetch(),
  };
}
