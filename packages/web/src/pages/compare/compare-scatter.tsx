import { useId } from 'react';
import { ScatterPlot } from '../../charts/scatter-plot.js';
import { SelectField } from '../../components/select-field.js';
import { useUrlParams } from '../../search/use-url-params.js';
import type { ComparedRun } from './compared-run.js';

interface CompareScatterProps {
  runs: readonly ComparedRun[];
  keys: readonly string[];
  /** Defaults: the first param against the first metric, when there are both. */
  defaultX: string | undefined;
  defaultY: string | undefined;
}

/**
 * Any two params or metrics against each other, one point per run (`?sx=`, `?sy=`), each axis
 * optionally logarithmic (`?slogx=1`, `?slogy=1`: learning rates span decades).
 */
export function CompareScatter({ runs, keys, defaultX, defaultY }: CompareScatterProps) {
  const id = useId();
  const { params, updateNow } = useUrlParams();
  const pick = (raw: string | null, fallback: string | undefined) =>
    raw !== null && keys.includes(raw) ? raw : (fallback ?? keys[0] ?? '');
  const xKey = pick(params.get('sx'), defaultX);
  const yKey = pick(params.get('sy'), defaultY);
  const logX = params.get('slogx') === '1';
  const logY = params.get('slogy') === '1';
  const options = keys.map((key) => ({ value: key, label: key }));
  return (
    <section aria-labelledby="scatter-heading">
      <h2 id="scatter-heading">Scatter plot</h2>
      {keys.length === 0 ? (
        <p className="empty">These runs have no params or metrics.</p>
      ) : (
        <>
          <div className="chart-toolbar">
            <SelectField
              id={`${id}-x`}
              label="X axis"
              value={xKey}
              options={options}
              onChange={(key) => updateNow({ sx: key })}
              inline
            />
            <SelectField
              id={`${id}-y`}
              label="Y axis"
              value={yKey}
              options={options}
              onChange={(key) => updateNow({ sy: key })}
              inline
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={logX}
                onChange={(e) => updateNow({ slogx: e.target.checked ? '1' : undefined })}
              />
              Log scale for X
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={logY}
                onChange={(e) => updateNow({ slogy: e.target.checked ? '1' : undefined })}
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
