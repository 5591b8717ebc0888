import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { LINEAGE_MAX_DEPTH, LINEAGE_MAX_NODES } from '@slipway/core';
import type { LineageGraph } from '@slipway/core';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { LineageControls } from './lineage-controls.js';
import { LineageGraphView } from './lineage-graph-view.js';
import { lineageKeys } from './lineage-keys.js';
import { lineagePath, nodeName, parseDepth, parseDirection, typeText } from './lineage-paths.js';
import type { LineageView } from './lineage-paths.js';
import { LineageTables } from './lineage-tables.js';
import './lineage.css';

/** "Model version churn v1", or the reference when the root is not in the answer. */
function rootName(graph: LineageGraph): string {
  const root = graph.nodes.find((n) => n.id === graph.root);
  return root === undefined ? graph.root : `${typeText(root.type)} ${nodeName(root)}`;
}

/**
 * `/lineage?node=<ref>&direction=both&depth=3`: the lineage graph around one node, drawn and as
 * tables. Clicking a node re-roots the page on it with a new history entry, so the URL can be
 * shared and Back walks back; direction and depth replace the entry instead.
 */
export default function LineagePage() {
  const { client } = useSignedIn();
  const navigate = useNavigate();
  const { params, updateNow } = useUrlParams({ replace: true });
  const node = params.get('node')?.trim() ?? '';
  const view: LineageView = {
    direction: parseDirection(params.get('direction')),
    depth: parseDepth(params.get('depth'), LINEAGE_MAX_DEPTH),
  };
  const query = useQuery({
    queryKey: lineageKeys.graph(node, view.direction, view.depth),
    queryFn: () => client.lineage.get(node, view),
    enabled: node !== '',
  });
  const graph = query.data;
  usePageTitle(graph === undefined ? 'Lineage' : `Lineage of ${rootName(graph)}`);
  return (
    <article aria-labelledby="ln-heading" className="ln-page">
      <h1 id="ln-heading">Lineage{graph === undefined ? '' : ` of ${rootName(graph)}`}</h1>
      <p className="ln-muted">
        Dataset versions, the runs and pipeline steps that read them, the models they produced and
        the deployments serving those. Upstream is on the left; select a node to walk from it.
      </p>
      <LineageControls
        key={node}
        node={node}
        view={view}
        onNode={(next) => void navigate(lineagePath(next, view))}
        onView={(next) => updateNow({ direction: next.direction, depth: String(next.depth) })}
      />
      {node === '' && <p className="empty">Enter a node reference to see its lineage.</p>}
      {node !== '' && query.isPending && <Loading label="Loading the lineage" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the lineage"
          onRetry={() => void query.refetch()}
        />
      )}
      {graph !== undefined && (
        <>
          <p className="ln-summary" role="status">
            {graph.nodes.length} {graph.nodes.length === 1 ? 'node' : 'nodes'}, {graph.edges.length}{' '}
            {graph.edges.length === 1 ? 'edge' : 'edges'}, walked{' '}
            {graph.direction === 'both' ? 'both ways' : graph.direction}, {graph.depth}{' '}
            {graph.depth === 1 ? 'edge' : 'edges'} deep.
          </p>
          {graph.truncated && (
            <p className="ln-truncated" data-truncated="true">
              Truncated: the walk stopped at {LINEAGE_MAX_NODES.toLocaleString()} nodes before it
              reached the depth. Lower the depth or pick one direction to see the rest.
            </p>
          )}
          <LineageGraphView graph={graph} view={view} />
          <LineageTables graph={graph} view={view} />
        </>
      )}
    </article>
  );
}
