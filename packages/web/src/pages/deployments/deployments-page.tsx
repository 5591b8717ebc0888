import { useQuery } from '@tanstack/react-query';
import { deploymentKeys } from '../../api/deployment-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import { DeploymentsTable } from './list/deployments-table.js';
import '../../styles/deployments.css';

/** `/deployments`: every deployment with its policy, versions and weights, and state. */
export default function DeploymentsPage() {
  usePageTitle('Deployments');
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: deploymentKeys.list,
    queryFn: () => client.deployments.list(),
  });
  return (
    <section aria-labelledby="deployments-heading">
      <h1 id="deployments-heading">Deployments</h1>
      {query.isPending && <Loading label="Loading deployments" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the deployments"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.data !== undefined && <DeploymentsTable deployments={query.data} />}
    </section>
  );
}
