import { ParallelCoordinates } from '../../charts/parallel-coordinates.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { readList, writeList } from './compared-run.js';
import type { ComparedRun } from './compared-run.js';
import { KeyPicker } from './key-picker.js';

/** Axes shown when none are chosen: the first params and metrics, up to this many. */
const DEFAULT_AXES = 6;

/** The parallel-coordinates plot over the chosen params and metrics (`?axes=params.lr,...`). */
export function CompareParallel({
  runs,
  keys,
}: {
  runs: readonly ComparedRun[];
  keys: readonly string[];
}) {
  const { params, updateNow } = useUrlParams();
  const chosen = readList(params.get('axes')).filter((key) => keys.includes(key));
  const axes = chosen.length > 0 || params.has('axes') ? chosen : keys.slice(0, DEFAULT_AXES);
  return (
    <section aria-labelledby="parallel-heading">
      <h2 id="parallel-heading">Parallel coordinates</h2>
      {keys.length === 0 ? (
        <p className="empty">These runs have no params or metrics.</p>
      ) : (
        <>
          <KeyPicker
            legend="Axes"
            keys={keys}
            selected={axes}
            onChange={(next) => updateNow({ axes: writeList(next) ?? ',' })}
          />
          {axes.length === 0 ? (
            <p className="empty">Choose at least one axis.</p>
          ) : (
            <ParallelCoordinates axes={axes} runs={runs} />
          )}
        </>
      )}
    </section>
  );
}
