import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { queryKeys } from '../../api/query-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime } from '../../format/format-time.js';
import { useSignedIn } from '../../session/use-session.js';
import { ExperimentRuns } from './experiment-runs.js';
import { DESCRIPTION_TAG, ExperimentTags } from './experiment-tags.js';

/** `/experiments/:experimentId`: the experiment's name, description, tags and runs. */
export default function ExperimentPage() {
  const { experimentId = '' } = useParams();
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: queryKeys.experiments.detail(experimentId),
    queryFn: () => client.experiments.get(experimentId),
  });
  usePageTitle(query.data?.name ?? 'Experiment');
  if (query.isPending) return <Loading label="Loading the experiment" />;
  if (query.isError) {
    return (
      <section>
        <h1>Experiment {experimentId}</h1>
        <ErrorDisplay error={query.error} title="Could not load the experiment" />
        <p>
          <Link to="/experiments">All experiments</Link>
        </p>
      </section>
    );
  }
  const experiment = query.data;
  const description = experiment.tags.find((t) => t.key === DESCRIPTION_TAG)?.value;
  return (
    <article aria-labelledby="experiment-heading">
      <p className="breadcrumb">
        <Link to="/experiments">Experiments</Link>
      </p>
      <h1 id="experiment-heading">
        {experiment.name}
        {experiment.lifecycleStage === 'deleted' && <span className="badge">deleted</span>}
      </h1>
      {description !== undefined && description !== '' && (
        <p className="description">{description}</p>
      )}
      <dl className="facts">
        <div>
          <dt>ID</dt>
          <dd className="mono">{experiment.experimentId}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(experiment.creationTime)}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatTime(experiment.lastUpdateTime)}</dd>
        </div>
        <div>
          <dt>Artifact location</dt>
          <dd className="mono">{experiment.artifactLocation}</dd>
        </div>
      </dl>
      <ExperimentTags tags={experiment.tags} />
      <ExperimentRuns key={experiment.experimentId} experimentId={experiment.experimentId} />
    </article>
  );
}
