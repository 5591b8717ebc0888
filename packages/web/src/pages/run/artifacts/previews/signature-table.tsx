import type { ReactNode } from 'react';

/** One input or output of a model. */
export interface SignatureRow {
  name: string;
  datatype: string | undefined;
  shape: ReadonlyArray<number | string> | undefined;
  /** Anything else worth a column, e.g. an input's named columns. */
  note?: ReactNode;
}

/** `[batch, 30]`: a dynamic dimension by its name, -1 as "?" (any size). */
export function formatShape(shape: ReadonlyArray<number | string> | undefined): string {
  if (shape === undefined) return '—';
  return `[${shape.map((d) => (d === -1 ? '?' : String(d))).join(', ')}]`;
}

/** A model's inputs or outputs: name, datatype and shape. */
export function SignatureTable({ caption, rows }: { caption: string; rows: SignatureRow[] }) {
  const notes = rows.some((r) => r.note !== undefined);
  return (
    <table className="data-table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Datatype</th>
          <th scope="col">Shape</th>
          {notes && <th scope="col">Details</th>}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={notes ? 4 : 3} className="empty">
              None
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.name}>
            <td className="mono">{row.name}</td>
            <td className="mono">{row.datatype ?? '—'}</td>
            <td className="mono">{formatShape(row.shape)}</td>
            {notes && <td>{row.note}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
