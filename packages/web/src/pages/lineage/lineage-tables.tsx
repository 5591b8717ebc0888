import { Link } from 'react-router';
import type { LineageGraph, LineageNode } from '@slipway/core';
import { lineagePath, nodeName, nodePagePath, typeText } from './lineage-paths.js';
import type { LineageView } from './lineage-paths.js';

interface LineageTablesProps {
  graph: LineageGraph;
  view: LineageView;
}

function NodeCell({ node, root, view }: { node: LineageNode; root: string; view: LineageView }) {
  if (node.hidden === true || node.id === root) return <>{nodeName(node)}</>;
  return <Link to={lineagePath(node.id, view)}>{nodeName(node)}</Link>;
}

/**
 * The graph as two tables, nodes then edges: what a screen reader (or anyone who wants to copy
 * an id) reads instead of the drawing. Names link to the page re-rooted on the node.
 */
export function LineageTables({ graph, view }: LineageTablesProps) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const named = (id: string) => {
    const node = byId.get(id);
    return node === undefined ? id : `${typeText(node.type)} ${nodeName(node)}`;
  };
  return (
    <>
      <h2 id="ln-nodes-heading">Nodes</h2>
      <div className="ln-table-scroll">
        <table className="data-table compact ln-nodes" aria-labelledby="ln-nodes-heading">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Reference</th>
              <th scope="col">Page</th>
            </tr>
          </thead>
          <tbody>
            {graph.nodes.map((node) => {
              const page = nodePagePath(node);
              return (
                <tr key={node.id} data-node-row={node.id}>
                  <td>
                    <NodeCell node={node} root={graph.root} view={view} />
                    {node.id === graph.root ? ' (root)' : ''}
                  </td>
                  <td>{typeText(node.type)}</td>
                  <td>{node.hidden === true ? '—' : <code>{node.id}</code>}</td>
                  <td>
                    {page === undefined ? (
                      '—'
                    ) : (
                      <Link to={page} aria-label={`Open the page of ${named(node.id)}`}>
                        Open
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 id="ln-edges-heading">Edges</h2>
      {graph.edges.length === 0 ? (
        <p className="ln-muted">No edges: nothing is connected to this node within the depth.</p>
      ) : (
        <div className="ln-table-scroll">
          <table className="data-table compact ln-edges" aria-labelledby="ln-edges-heading">
            <thead>
              <tr>
                <th scope="col">From (upstream)</th>
                <th scope="col">Relation</th>
                <th scope="col">To (downstream)</th>
              </tr>
            </thead>
            <tbody>
              {graph.edges.map((e) => (
                <tr key={`${e.from}\n${e.to}\n${e.relation}`}>
                  <td>{named(e.from)}</td>
                  <td>{e.relation}</td>
                  <td>{named(e.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
