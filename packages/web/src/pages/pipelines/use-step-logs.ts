import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PipelineLogEntry } from '@slipway/core';
import { pipelineKeys } from '../../api/pipeline-keys.js';
import { useSignedIn } from '../../session/use-session.js';

/** Entries kept for display; older ones are dropped (and counted) so a long log stays light. */
export const MAX_SHOWN_ENTRIES = 2000;
const PAGE = 1000;
/** Pages read per poll: a log far behind catches up over a few polls, not in one long burst. */
const PAGES_PER_POLL = 5;

export interface StepLog {
  entries: PipelineLogEntry[];
  /** Read on after this seq. */
  nextSeq: number;
  /** Entries read but no longer shown. */
  dropped: number;
  /** The server stopped keeping this step's log at its limit. */
  truncated: boolean;
}

const EMPTY: StepLog = { entries: [], nextSeq: 0, dropped: 0, truncated: false };

/**
 * A step's log, read on from where the last read stopped (`after = nextSeq`): the query's data is
 * the log so far, and each fetch appends what is new. Polled every second while `live`; once the
 * step stops, read once more for its last lines.
 */
export function useStepLogs(runId: string, stepKey: string, live: boolean) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const key = pipelineKeys.logs(runId, stepKey);
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<StepLog> => {
      let log = queryClient.getQueryData<StepLog>(key) ?? EMPTY;
      for (let page = 0; page < PAGES_PER_POLL; page += 1) {
        const read = await client.pipelines.readLogs(runId, stepKey, {
          after: log.nextSeq,
          limit: PAGE,
        });
        const all = [...log.entries, ...read.entries];
        const cut = Math.max(0, all.length - MAX_SHOWN_ENTRIES);
        log = {
          entries: cut === 0 ? all : all.slice(cut),
          nextSeq: read.nextSeq,
          dropped: log.dropped + cut,
          truncated: read.truncated,
        };
        if (read.entries.length < PAGE) break;
      }
      return log;
    },
    refetchInterval: live ? 1000 : false,
    // Appending is the point: a window refocus must not restart the log from an empty one.
    structuralSharing: false,
  });
  const wasLive = useRef(live);
  const { refetch } = query;
  useEffect(() => {
    if (wasLive.current && !live) void refetch();
    wasLive.current = live;
  }, [live, refetch]);
  return query;
}
