import { useId } from 'react';
import type { ColumnDrift } from './drift-severity.js';

type Distribution = NonNullable<ColumnDrift['distribution']>;

export const REFERENCE_COLOR = '#52606d';
export const CURRENT_COLOR = '#c2410c';

const WIDTH = 320;
const HEIGHT = 110;
const LABEL_SPACE = 16;

const percent = (share: number | undefined) =>
  share === undefined ? '—' : `${(share * 100).toFixed(1)} %`;

/**
 * A column's reference and current shares per bin (or category) as paired SVG bars, scaled to
 * the larger share; each pair has a title with both shares, and the values are one click away
 * as a table. SVG, not uPlot: a few dozen bars per column need no canvas.
 */
export function DistributionBars({
  column,
  distribution,
}: {
  column: string;
  distribution: Distribution;
}) {
  const tableId = useId();
  const { labels, reference, current } = distribution;
  const top = Math.max(1e-9, ...reference, ...current);
  const slot = WIDTH / Math.max(labels.length, 1);
  const bar = Math.max(1, slot / 2 - 1);
  const plot = HEIGHT - LABEL_SPACE;
  const first = labels[0] ?? '';
  const last = labels.at(-1) ?? '';
  return (
    <figure className="mon-dist">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Distribution of ${column}: reference and current shares over ${labels.length} ${distribution.kind === 'numerical' ? 'bins' : 'categories'}`}
        preserveAspectRatio="none"
      >
        {labels.map((label, i) => {
          const ref = reference[i] ?? 0;
          const cur = current[i] ?? 0;
          const x = i * slot;
          return (
            <g key={`${label}-${i}`}>
              <title>{`${label}: reference ${percent(ref)}, current ${percent(cur)}`}</title>
              <rect x={x} y={0} width={slot} height={plot} fill="transparent" />
              <rect
                x={x + 0.5}
                y={plot - (ref / top) * plot}
                width={bar}
                height={(ref / top) * plot}
                fill={REFERENCE_COLOR}
              />
              <rect
                x={x + 0.5 + bar}
                y={plot - (cur / top) * plot}
                width={bar}
                height={(cur / top) * plot}
                fill={CURRENT_COLOR}
              />
            </g>
          );
        })}
        <line x1={0} x2={WIDTH} y1={plot} y2={plot} stroke="#9aa5b1" strokeWidth={1} />
      </svg>
      <figcaption className="mon-dist-axis">
        <span>{first}</span>
        {labels.length > 1 && <span>{last}</span>}
      </figcaption>
      <details>
        <summary>Values</summary>
        <table className="data-table compact" id={tableId}>
          <caption className="visually-hidden">Shares of {column} per bin</caption>
          <thead>
            <tr>
              <th scope="col">{distribution.kind === 'numerical' ? 'Bin' : 'Category'}</th>
              <th scope="col">Reference</th>
              <th scope="col">Current</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={`${label}-${i}`}>
                <th scope="row">{label}</th>
                <td className="num">{percent(reference[i])}</td>
                <td className="num">{percent(current[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
