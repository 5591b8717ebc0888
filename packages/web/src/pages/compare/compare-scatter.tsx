import { useId } from 'react';
import { ScatterPlot } from '../../charts/scatter-plot.js';
import { useUrlParams } from '../../search/use-url-params.js';
import type { ComparedRun } from './compared-run.js';

interface CompareScatterProps {
  runs: readonly ComparedRun[];
  keys: readonly string[];
  /** Defaults: the first param against the first metric, when there are both. */
  defaultX: string | undefined;
  defaultY: string | undefined;
}

function AxisSelect({
  id,
  label,
  value,
  keys,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  keys: readonly string[];
  onChange: (key: string) => void;
}) {
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {keys.map((key) => (
          <option key={key} value={key}>
            {key}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Any two params or metrics against each other, one point per run (`?sx=`, `?sy=`), each axis
 * optionally logarithmic (`?slogx=1`, `?slogy=1`: learning rates span decades).
 */
export function CompareScatter({ runs, keys, defaultX, defaultY }: CompareScatterProps) {
  const id = useId();
  const { params, update } = useUrlParams();
  const pick = (raw: string | null, fallback: string | undefined) =>
    raw !== null && keys.includes(raw) ? raw : (fallback ?? keys[0] ?? '');
  const xKey = pick(params.get('sx'), defaultX);
  const yKey = pick(params.get('sy'), defaultY);
  const logX = params.get('slogx') === '1';
  const logY = params.get('slogy') === '1';
  return (
    <section aria-labelledby="scatter-heading">
      <h2 id="scatter-heading">Scatter plot</h2>
      {keys.length === 0 ? (
        <p className="empty">These runs have no params or metrics.</p>
      ) : (
        <>
          <div className="chart-toolbar">
            <AxisSelect
              id={`${id}-x`}
              label="X axis"
              value={xKey}
              keys={keys}
              onChange={(key) => update({ sx: key })}
            />
            <AxisSelect
              id={`${id}-y`}
              label="Y axis"
              value={yKey}
              keys={keys}
              onChange={(key) => update({ sy: key })}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={logX}
                onChange={(e) => update({ slogx: e.target.checked ? '1' : undefined })}
              />
              Log scale for X
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={logY}
                onChange={(e) => update({ slogy: e.target.checked ? '1' : undefined })}
              />
              Log scale for Y
            </label>
          </div>
          <ScatterPlot xKey={xKey} yKey={yKey} runs={runs} logX={logX} logY={logY} />
        </>
      )}
    </section>
  );
}
