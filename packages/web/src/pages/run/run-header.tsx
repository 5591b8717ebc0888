import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Run } from '@slipway/core';
import { queryKeys } from '../../api/query-keys.js';
import { runKeys } from '../../api/run-keys.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useSignedIn } from '../../session/use-session.js';
import { formatDuration } from './format-duration.js';
import { RunNameEditor } from './run-name-editor.js';
import { SYSTEM_TAGS, tagValue } from './run-tags.js';

/** A linked run's name (the parent's), read from the cache or fetched; its id until then. */
function RunLink({ runId }: { runId: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: () => client.runs.get(runId),
    retry: false,
  });
  return <Link to={`/runs/${encodeURIComponent(runId)}`}>{query.data?.info.runName ?? runId}</Link>;
}

function ExperimentLink({ experimentId }: { experimentId: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: queryKeys.experiments.detail(experimentId),
    queryFn: () => client.experiments.get(experimentId),
  });
  return (
    <Link to={`/experiments/${encodeURIComponent(experimentId)}`}>
      {query.data?.name ?? `Experiment ${experimentId}`}
    </Link>
  );
}

/** The run's name (renamable), then who ran what, when, from where, and where it belongs. */
export function RunHeader({ run, canEdit }: { run: Run; canEdit: boolean }) {
  const { info, data } = run;
  const parentRunId = tagValue(data.tags, SYSTEM_TAGS.parentRunId);
  const sourceName = tagValue(data.tags, SYSTEM_TAGS.sourceName);
  const sourceType = tagValue(data.tags, SYSTEM_TAGS.sourceType);
  const gitCommit = tagValue(data.tags, SYSTEM_TAGS.gitCommit);
  const gitBranch = tagValue(data.tags, SYSTEM_TAGS.gitBranch);
  return (
    <header className="run-header">
      <p className="breadcrumb">
        <Link to="/experiments">Experiments</Link> /{' '}
        <ExperimentLink experimentId={info.experimentId} />
      </p>
      <RunNameEditor
        runId={info.runId}
        name={info.runName}
        canEdit={canEdit}
        badge={info.lifecycleStage === 'deleted' && <span className="badge">deleted</span>}
      />
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`state state-${info.status.toLowerCase()}`}>{info.status}</span>
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{info.lifecycleStage}</dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{info.userId || '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <time dateTime={isoTime(info.startTime)}>{formatTime(info.startTime)}</time>
          </dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>
            {info.endTime === undefined ? (
              '—'
            ) : (
              <time dateTime={isoTime(info.endTime)}>{formatTime(info.endTime)}</time>
            )}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>
            {info.endTime === undefined
              ? info.status === 'RUNNING'
                ? 'still running'
                : '—'
              : formatDuration(info.endTime - info.startTime)}
          </dd>
        </div>
        {parentRunId !== undefined && (
          <div>
            <dt>Parent run</dt>
            <dd>
              <RunLink runId={parentRunId} />
            </dd>
          </div>
        )}
        {sourceName !== undefined && (
          <div>
            <dt>Source</dt>
            <dd className="mono">
              {sourceName}
              {sourceType !== undefined && <span className="hint"> ({sourceType})</span>}
            </dd>
          </div>
        )}
        {gitCommit !== undefined && (
          <div>
            <dt>Git commit</dt>
            <dd className="mono">
              {gitCommit}
              {gitBranch !== undefined && <span className="hint"> on {gitBranch}</span>}
            </dd>
          </div>
        )}
        <div>
          <dt>Run ID</dt>
          <dd className="mono">{info.runId}</dd>
        </div>
      </dl>
    </header>
  );
}
