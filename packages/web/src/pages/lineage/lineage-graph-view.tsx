import { useMemo } from 'react';
import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { LineageGraph, LineageNode } from '@slipway/core';
import { LN_NODE_HEIGHT, LN_NODE_WIDTH, layoutLineage } from './lineage-layout.js';
import { lineagePath, nodeName, nodePagePath, typeText } from './lineage-paths.js';
import type { LineageView } from './lineage-paths.js';

/** What fits on a node's name line at its font size. */
const LABEL_CHARS = 26;

/** Long labels are cut to fit the node; the full label is in the link's name and the title. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * SVG links are plain anchors: a plain left click goes through the router (no page reload);
 * a modified click (new tab, new window) is left to the browser.
 */
function useRouterClick() {
  const navigate = useNavigate();
  return (to: string) => (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    void navigate(to);
  };
}

interface NodeBoxProps {
  node: LineageNode;
  isRoot: boolean;
}

/** The box's text: the node's kind (and "root"), then its name. */
function NodeBox({ node, isRoot }: NodeBoxProps) {
  return (
    <>
      {isRoot && (
        <rect
          className="ln-ring"
          x={-4}
          y={-4}
          width={LN_NODE_WIDTH + 8}
          height={LN_NODE_HEIGHT + 8}
          rx={11}
        />
      )}
      <rect className="ln-box" width={LN_NODE_WIDTH} height={LN_NODE_HEIGHT} rx={8} />
      {/* The trailing space keeps "type name" apart in the link's text, which screen readers
          and speech control match against the link's name. */}
      <text x={12} y={20} className="ln-node-type">
        {`${typeText(node.type)}${isRoot ? ' · root' : ''} `}
      </text>
      <text x={12} y={40} className="ln-node-name">
        {fit(nodeName(node), LABEL_CHARS)}
      </text>
    </>
  );
}

interface LineageGraphViewProps {
  graph: LineageGraph;
  view: LineageView;
}

/**
 * The lineage graph as SVG, upstream on the left: a box per node with its kind and name, the
 * root ringed and marked "root", each edge labelled with its relation. A node's box links to the
 * page re-rooted on it; "Open page" under it goes to the thing itself. Hidden nodes are neither.
 */
export function LineageGraphView({ graph, view }: LineageGraphViewProps) {
  const layout = useMemo(() => layoutLineage(graph.nodes, graph.edges), [graph]);
  const routerClick = useRouterClick();
  return (
    <div className="ln-graph-scroll">
      <svg
        className="ln-graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={`Lineage graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`}
      >
        <defs>
          <marker
            id="ln-arrow"
            viewBox="0 0 8 8"
            refX="8"
            refY="4"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="ln-arrow" />
          </marker>
        </defs>
        {/* The edges are in the edges table, read in order; here they would be noise. */}
        <g aria-hidden="true">
          {layout.edges.map((e) => (
            <path
              key={`${e.from}\n${e.to}`}
              d={e.path}
              className="ln-edge"
              markerEnd="url(#ln-arrow)"
            />
          ))}
          {layout.edges.map((e) => {
            const text = e.relations.join(', ');
            const width = text.length * 6.2 + 8;
            return (
              <g
                key={`${e.from}\n${e.to}`}
                className="ln-relation"
                data-edge={`${e.from} -> ${e.to}`}
              >
                <rect x={e.labelX - width / 2} y={e.labelY - 9} width={width} height={16} rx={3} />
                <text x={e.labelX} y={e.labelY + 3} textAnchor="middle">
                  {text}
                </text>
              </g>
            );
          })}
        </g>
        {layout.nodes.map(({ node, x, y }) => {
          const isRoot = node.id === graph.root;
          const hidden = node.hidden === true;
          const page = nodePagePath(node);
          const name = `${typeText(node.type)} ${nodeName(node)}`;
          // Accessible names start with the text shown (WCAG 2.5.3), so the cut label is used.
          const shown = `${typeText(node.type)} ${fit(nodeName(node), LABEL_CHARS)}`;
          const reroot = lineagePath(node.id, view);
          return (
            <g
              key={node.id}
              transform={`translate(${x},${y})`}
              className={`ln-node ln-${node.type}${isRoot ? ' ln-root' : ''}${hidden ? ' ln-hidden' : ''}`}
              data-node={node.id}
              data-type={node.type}
            >
              <title>{isRoot ? `${name} (root)` : name}</title>
              {hidden || isRoot ? (
                <g className="ln-static">
                  <NodeBox node={node} isRoot={isRoot} />
                </g>
              ) : (
                <a
                  href={reroot}
                  className="ln-reroot"
                  aria-label={`${shown}: show its lineage`}
                  onClick={routerClick(reroot)}
                >
                  <NodeBox node={node} isRoot={isRoot} />
                </a>
              )}
              {page !== undefined && (
                <a
                  href={page}
                  className="ln-open"
                  aria-label={`Open page: ${shown}`}
                  onClick={routerClick(page)}
                >
                  <text x={12} y={61}>
                    Open page
                  </text>
                </a>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
