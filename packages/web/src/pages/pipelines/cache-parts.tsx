import type { CacheKeyParts, PipelineParamValue } from '@slipway/core';

function paramText(value: PipelineParamValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A part that is a map (files, params, inputs, env): a row per entry, or "none". */
function MapPart({ label, entries }: { label: string; entries: Array<[string, string]> }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {entries.length === 0 ? (
          <span className="pl-muted">none</span>
        ) : (
          <ul className="pl-kv">
            {entries.map(([k, v]) => (
              <li key={k}>
                <code>{k}</code> = <code className="pl-break">{v}</code>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/**
 * What a step's cache key is the hash of: its command and working directory, the digests of its
 * declared files, the parameters it uses, its inputs' output digests and its environment. A step
 * reruns when any of these changes, so this is where to look when one did (or did not).
 */
export function CacheParts({
  cacheKey,
  parts,
}: {
  cacheKey: string | undefined;
  parts: CacheKeyParts | undefined;
}) {
  if (cacheKey === undefined && parts === undefined) {
    return (
      <p className="pl-muted">No cache key recorded (caching off, or the step has not started).</p>
    );
  }
  return (
    <table className="data-table compact pl-parts">
      <caption className="visually-hidden">Cache key and its parts</caption>
      <tbody>
        <tr>
          <th scope="row">Cache key</th>
          <td>
            <code className="pl-break" data-testid="cache-key">
              {cacheKey ?? '—'}
            </code>
          </td>
        </tr>
        {parts !== undefined && (
          <>
            <tr>
              <th scope="row">Command</th>
              <td>
                <code className="pl-break">{parts.command}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Working directory</th>
              <td>
                <code>{parts.workdir}</code>
              </td>
            </tr>
            <MapPart label="Files" entries={Object.entries(parts.files)} />
            <MapPart
              label="Parameters"
              entries={Object.entries(parts.params).map(([k, v]) => [k, paramText(v)])}
            />
            <MapPart label="Inputs" entries={Object.entries(parts.inputs)} />
            <MapPart label="Environment" entries={Object.entries(parts.env)} />
          </>
        )}
      </tbody>
    </table>
  );
}
