import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { deploymentKeys } from '../../api/deployment-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useSignedIn } from '../../session/use-session.js';
import { BanditPanel } from './detail/bandit-panel.js';
import { BlueGreenPanel } from './detail/blue-green-panel.js';
import { CanaryPanel } from './detail/canary-panel.js';
import { DeploymentActions } from './detail/deployment-actions.js';
import { ShadowPanel } from './detail/shadow-panel.js';
import { TransitionsHistory } from './detail/transitions-history.js';
import { useRevisionRefresh } from './detail/use-revision-refresh.js';
import { monitorsPath, predictionsPath } from './deployment-paths.js';
import { LiveTraffic } from './live/live-traffic.js';
import { useLiveStats } from './live/use-live-stats.js';
import { policyLabel, policyState, statusLabel } from './policy-labels.js';
import '../../styles/deployments.css';

/**
 * `/deployments/:name?span=1m|5m|15m`: a deployment's live traffic (from the statistics stream),
 * its policy's state (canary steps and analysis, blue-green slots, shadow agreement, bandit arms),
 * promote and rollback, and its transitions.
 */
export default function DeploymentPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  usePageTitle(name);
  const detail = useQuery({
    queryKey: deploymentKeys.detail(name),
    queryFn: () => client.deployments.get(name),
  });
  // The stream opens once the deployment is known to exist and be readable.
  const live = useLiveStats(name, detail.isSuccess);
  const latest = live.history.latest;
  useRevisionRefresh(name, detail.data?.revision, latest?.revision);

  if (detail.isPending) return <Loading label="Loading the deployment" />;
  if (detail.isError) {
    return (
      <section>
        <h1>Deployment {name}</h1>
        <ErrorDisplay
          error={detail.error}
          title="Could not load the deployment"
          onRetry={() => void detail.refetch()}
        />
        <p>
          <Link to="/deployments">All deployments</Link>
        </p>
      </section>
    );
  }
  const deployment = detail.data;
  const state = policyState(deployment);
  return (
    <article aria-labelledby="deployment-heading" className="dep-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link>
      </p>
      <h1 id="deployment-heading">
        {deployment.name}
        <span className="badge">{policyLabel(deployment.policy)}</span>
      </h1>
      {deployment.spec.description !== undefined && (
        <p className="description">{deployment.spec.description}</p>
      )}
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd>
            <span className={`dep-status dep-status-${deployment.status}`}>
              {statusLabel(deployment.status)}
            </span>
            {deployment.statusMessage !== undefined && ` ${deployment.statusMessage}`}
          </dd>
        </div>
        <div>
          <dt>Policy</dt>
          <dd>
            {policyLabel(deployment.policy)}
            {state !== undefined && `, ${state}`}
          </dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd className="num">{deployment.revision}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <time dateTime={isoTime(deployment.updatedAt)}>{formatTime(deployment.updatedAt)}</time>{' '}
            by {deployment.updatedBy}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={isoTime(deployment.createdAt)}>{formatTime(deployment.createdAt)}</time>{' '}
            by {deployment.createdBy}
          </dd>
        </div>
      </dl>
      <p>
        <Link to={predictionsPath(deployment.name)}>Prediction log</Link>
        {' · '}
        <Link to={monitorsPath(deployment.name)}>Monitors</Link>
      </p>
      <DeploymentActions deployment={deployment} />
      <LiveTraffic live={live} deployment={deployment} />
      {deployment.canary !== undefined && (
        <CanaryPanel view={deployment.canary} stats={latest?.canary} />
      )}
      {deployment.blueGreen !== undefined && (
        <BlueGreenPanel view={deployment.blueGreen} variants={deployment.variants} />
      )}
      {deployment.shadow !== undefined && (
        <ShadowPanel view={deployment.shadow} stats={latest?.shadow} />
      )}
      {deployment.bandit !== undefined && (
        <BanditPanel view={deployment.bandit} stats={latest?.bandit} />
      )}
      <TransitionsHistory name={deployment.name} />
    </article>
  );
}
