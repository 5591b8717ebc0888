import type { ReactNode } from 'react';
import { formatShape } from './format-shape.js';
import './signature-table.css';

/** One input or output of a model. */
export interface SignatureRow {
  name: string;
  datatype: string | undefined;
  shape: ReadonlyArray<number | string> | undefined;
  /** Anything else worth a column, e.g. an input's named columns. */
  note?: ReactNode;
}

interface SignatureTableProps {
  /** "Inputs", "Outputs": the table's accessible name. */
  caption: string;
  rows: readonly SignatureRow[];
  /** The heading of the notes' column, shown when any row has a note. */
  noteHeading?: string;
}

/** A model's inputs or outputs: name (each row's header), datatype, shape and any notes. */
export function SignatureTable({ caption, rows, noteHeading = 'Details' }: SignatureTableProps) {
  const notes = rows.some((r) => r.note !== undefined);
  return (
    <table className="data-table compact signature-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Datatype</th>
          <th scope="col">Shape</th>
          {notes && <th scope="col">{noteHeading}</th>}
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
            <th scope="row" className="mono">
              {row.name}
            </th>
            <td className="mono">{row.datatype ?? '—'}</td>
            <td className="mono">{formatShape(row.shape)}</td>
            {notes && <td>{row.note}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
