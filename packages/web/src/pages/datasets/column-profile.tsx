import type { DatasetFile } from '@slipway/core';

type ColumnSummary = NonNullable<DatasetFile['columns']>[number];

const NUMBER = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 6 });
const PERCENT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function figure(value: number | undefined): string {
  return value === undefined ? '—' : NUMBER.format(value);
}

/** "3.2 %" of the column's rows that are null (`count` counts the others). */
function nullShare(c: ColumnSummary): string {
  const rows = c.count + c.nulls;
  return rows === 0 ? '—' : `${PERCENT.format((c.nulls / rows) * 100)} %`;
}

/**
 * One file's per-column profile: values counted, nulls, distinct values, min/max/mean for numbers
 * and the most frequent values for the rest.
 */
export function ColumnProfile({ file }: { file: DatasetFile }) {
  const columns = file.columns ?? [];
  if (columns.length === 0) return <p className="ds-muted">No profile for this file.</p>;
  return (
    <div className="ds-table-scroll">
      <table className="data-table compact ds-profile">
        <caption className="visually-hidden">Column profile of {file.path}</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Values</th>
            <th scope="col">Nulls</th>
            <th scope="col">Distinct</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Mean</th>
            <th scope="col">Top values</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name} data-column={c.name}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>{c.type}</td>
              <td className="num" data-figure="count">
                {c.count.toLocaleString()}
              </td>
              <td className="num" data-figure="nulls">
                {c.nulls.toLocaleString()}
                {c.nulls > 0 && <span className="ds-muted"> ({nullShare(c)})</span>}
              </td>
              <td className="num" data-figure="distinct">
                {c.distinct?.toLocaleString() ?? '—'}
              </td>
              <td className="num" data-figure="min">
                {figure(c.min)}
              </td>
              <td className="num" data-figure="max">
                {figure(c.max)}
              </td>
              <td className="num" data-figure="mean">
                {figure(c.mean)}
              </td>
              <td data-figure="top">
                {c.top === undefined || c.top.length === 0 ? (
                  '—'
                ) : (
                  <ul className="ds-top">
                    {c.top.map((t) => (
                      <li key={t.value}>
                        <code>{t.value}</code> × {t.count.toLocaleString()}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
