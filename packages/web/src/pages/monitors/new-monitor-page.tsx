import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { SlipwayError } from '@slipway/sdk';
import type { SlipwayClient } from '@slipway/sdk';
import { monitorKeys } from '../../api/monitor-keys.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import { deploymentPath, monitorPath, monitorsPath } from '../deployments/deployment-paths.js';
import { SpecEditor } from './editor/spec-editor.js';
import { nameInYaml, newMonitorYaml } from './editor/spec-yaml.js';
import './monitors.css';

/**
 * Creates a monitor with PUT under the spec's name, after checking the name is free: applying a
 * spec replaces a monitor of that name, and a form for a new one must not do that silently.
 * A spec without a name goes to POST, whose answer says the name is required.
 */
async function createMonitor(client: SlipwayClient, text: string) {
  const name = nameInYaml(text);
  if (name === undefined) return client.monitors.apply(text);
  const existing = await client.monitors.list();
  if (existing.some((m) => m.name === name)) {
    throw new SlipwayError({
      code: 'ALREADY_EXISTS',
      message: `A monitor named '${name}' already exists: choose another name, or edit that monitor instead.`,
    });
  }
  return client.monitors.put(name, text);
}

/** `/deployments/:name/new-monitor`: a new monitor's spec, from a template, as YAML. */
export default function NewMonitorPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  usePageTitle(`New monitor of ${name}`);
  const initialText = useMemo(() => newMonitorYaml(name), [name]);
  const save = useMutation({
    mutationFn: (text: string) => createMonitor(client, text),
    onSuccess: async ({ monitor }) => {
      await queryClient.invalidateQueries({ queryKey: monitorKeys.all });
      await navigate(monitorPath(monitor.deployment, monitor.name));
    },
  });
  return (
    <section aria-labelledby="new-heading" className="mon-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link> / <Link to={deploymentPath(name)}>{name}</Link> /{' '}
        <Link to={monitorsPath(name)}>Monitors</Link>
      </p>
      <h1 id="new-heading">New monitor of {name}</h1>
      <SpecEditor
        initialText={initialText}
        cancelTo={monitorsPath(name)}
        saving={save.isPending}
        error={save.error}
        onSave={(text) => save.mutate(text)}
      />
    </section>
  );
}
