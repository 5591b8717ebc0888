import { useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import type { PipelineStep } from '@slipway/core';
import { NODE_HEIGHT, NODE_WIDTH, layoutDag } from './dag-layout.js';
import type { DagStep } from './dag-layout.js';
import { statusSymbol } from './step-status.js';

interface PipelineDagProps {
  steps: readonly PipelineStep[];
  selected: string | undefined;
  onSelect: (stepKey: string) => void;
}

/** Long keys are cut to fit the node; the full key is in the node's accessible name and title. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The run's DAG as SVG: a node per step (fan-out instances each their own), coloured by status
 * and labelled with its symbol and word, edges from each need. A node is a button: click, Enter
 * or Space selects the step.
 */
export function PipelineDag({ steps, selected, onSelect }: PipelineDagProps) {
  // The layout depends only on keys and needs, which never change within a run: the status
  // refetched every second or two must not lay the graph out again, so it is memoised on them.
  const shape = JSON.stringify(steps.map((s) => ({ key: s.key, needs: s.needs })));
  const layout = useMemo(() => layoutDag(JSON.parse(shape) as DagStep[]), [shape]);
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const keyDown = (key: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(key);
    }
  };
  return (
    <div className="pl-dag-scroll">
      <svg
        className="pl-dag"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={`Pipeline graph: ${steps.length} steps`}
      >
        <defs>
          <marker
            id="pl-arrow"
            viewBox="0 0 8 8"
            refX="8"
            refY="4"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="pl-arrow" />
          </marker>
        </defs>
        <g aria-hidden="true">
          {layout.edges.map((e) => (
            <path
              key={`${e.from}->${e.to}`}
              d={e.path}
              className={`pl-edge${e.to === selected || e.from === selected ? ' pl-edge-on' : ''}`}
              markerEnd="url(#pl-arrow)"
            />
          ))}
        </g>
        {layout.nodes.map((n) => {
          const step = byKey.get(n.key)!;
          const isSelected = n.key === selected;
          return (
            <g
              key={n.key}
              transform={`translate(${n.x},${n.y})`}
              className={`pl-node pl-${step.status}${isSelected ? ' pl-node-selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={`${n.key}: ${step.status}`}
              data-step={n.key}
              data-status={step.status}
              onClick={() => onSelect(n.key)}
              onKeyDown={keyDown(n.key)}
            >
              <title>{`${n.key}: ${step.status}`}</title>
              {isSelected && (
                <rect
                  className="pl-ring"
                  x={-4}
                  y={-4}
                  width={NODE_WIDTH + 8}
                  height={NODE_HEIGHT + 8}
                  rx={11}
                />
              )}
              <rect className="pl-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={8} />
              <text x={12} y={21} className="pl-node-name">
                {fit(n.key, 24)}
              </text>
              <text x={12} y={40} className="pl-node-status">
                {`${statusSymbol(step.status)} ${step.status}`}
                {step.attempt > 1 ? ` · attempt ${step.attempt}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
