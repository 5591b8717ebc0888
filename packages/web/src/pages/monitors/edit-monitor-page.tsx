import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { monitorKeys } from '../../api/monitor-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import { deploymentPath, monitorPath, monitorsPath } from '../deployments/deployment-paths.js';
import { SpecEditor } from './editor/spec-editor.js';
import { specToYaml } from './editor/spec-yaml.js';
import './monitors.css';

/**
 * `/deployments/:name/monitors/:monitor/edit`: the stored spec as YAML (durations as text), saved
 * with PUT; the server's field-path problems show beside the text. Its own chunk carries `yaml`.
 */
export default function EditMonitorPage() {
  const { name = '', monitor = '' } = useParams();
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  usePageTitle(`Edit ${monitor}`);
  const detail = useQuery({
    queryKey: monitorKeys.detail(monitor),
    queryFn: () => client.monitors.get(monitor),
  });
  const initialText = useMemo(
    () => (detail.data === undefined ? undefined : specToYaml(detail.data.spec)),
    [detail.data],
  );
  const save = useMutation({
    mutationFn: (text: string) => client.monitors.put(monitor, text),
    onSuccess: async ({ monitor: saved }) => {
      queryClient.setQueryData(monitorKeys.detail(saved.name), saved);
      await queryClient.invalidateQueries({ queryKey: monitorKeys.all });
      await navigate(monitorPath(saved.deployment, saved.name));
    },
  });
  return (
    <section aria-labelledby="edit-heading" className="mon-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link> / <Link to={deploymentPath(name)}>{name}</Link> /{' '}
        <Link to={monitorsPath(name)}>Monitors</Link> /{' '}
        <Link to={monitorPath(name, monitor)}>{monitor}</Link>
      </p>
      <h1 id="edit-heading">Edit monitor {monitor}</h1>
      {detail.isPending && <Loading label="Loading the monitor" />}
      {detail.isError && (
        <ErrorDisplay
          error={detail.error}
          title="Could not load the monitor"
          onRetry={() => void detail.refetch()}
        />
      )}
      {initialText !== undefined && (
        <SpecEditor
          initialText={initialText}
          cancelTo={monitorPath(name, monitor)}
          saving={save.isPending}
          error={save.error}
          onSave={(text) => save.mutate(text)}
        />
      )}
    </section>
  );
}
