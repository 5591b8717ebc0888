import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { isSlipwayError } from '@slipway/sdk';
import { registryKeys } from '../../api/registry-keys.js';
import { useSignedIn } from '../../session/use-session.js';
import { experimentPath, runPath } from './model-links.js';

/**
 * The run a version came from, linked, and that run's experiment. The run may be unreadable to
 * the caller (permissions follow its experiment, not the model) or gone: the link stays, with why.
 */
export function VersionSource({ runId }: { runId: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: registryKeys.sourceRun(runId),
    queryFn: async () => {
      const run = await client.runs.get(runId);
      const experiment = await client.experiments.get(run.info.experimentId);
      return { runName: run.info.runName, experiment };
    },
    enabled: runId !== '',
    retry: false,
  });
  if (runId === '') return <span className="empty">No run (files uploaded directly)</span>;
  const data = query.data;
  return (
    <>
      <Link to={runPath(runId)} className="source-run">
        {data?.runName !== undefined && data.runName !== '' ? data.runName : 'Run'}{' '}
        <span className="mono">{runId}</span>
      </Link>
      {data !== undefined && (
        <>
          {' '}
          in experiment{' '}
          <Link to={experimentPath(data.experiment.experimentId)}>{data.experiment.name}</Link>
        </>
      )}
      {query.isError && (
        <span className="hint">
          {' '}
          (
          {isSlipwayError(query.error) && query.error.code === 'PERMISSION_DENIED'
            ? 'you cannot read this run'
            : isSlipwayError(query.error) && query.error.code === 'NOT_FOUND'
              ? 'the run no longer exists'
              : 'its details could not be loaded'}
          )
        </span>
      )}
    </>
  );
}
