import { useMemo, useState } from 'react';
import Papa from 'papaparse';
import type { FilePrefix } from '../read-prefix.js';
import { decodeText } from '../decode-text.js';
import { PrefixNote } from './prefix-note.js';

/** Rows parsed from the file's beginning, and rows shown before "Show more rows". */
const MAX_ROWS = 1000;
const FIRST_ROWS = 100;

interface ParsedTable {
  header: string[];
  rows: string[][];
  /** There are more rows than `rows` (past MAX_ROWS, or past the bytes read). */
  more: boolean;
  error: string | undefined;
}

function parseTable(prefix: FilePrefix, delimiter: string | undefined): ParsedTable {
  const text = decodeText(prefix) ?? '';
  const result = Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    preview: MAX_ROWS + 2,
    ...(delimiter !== undefined ? { delimiter } : {}),
  });
  const all = result.data;
  // The last line of a cut file is likely cut too.
  if (prefix.truncated) all.pop();
  const [header = [], ...rows] = all;
  const error = result.errors.find((e) => e.type !== 'Delimiter')?.message;
  return {
    header,
    rows: rows.slice(0, MAX_ROWS),
    more: prefix.truncated || rows.length > MAX_ROWS,
    error,
  };
}

/**
 * A CSV (or TSV) file as a table: its first row as the header, then its first rows (parsed with
 * Papa Parse, which handles quoting and embedded newlines).
 */
export default function CsvPreview({
  prefix,
  fileSize,
  name,
}: {
  prefix: FilePrefix;
  fileSize: number | undefined;
  name: string;
}) {
  const delimiter = name.toLowerCase().endsWith('.tsv') ? '\t' : undefined;
  const table = useMemo(() => parseTable(prefix, delimiter), [prefix, delimiter]);
  const [shown, setShown] = useState(FIRST_ROWS);
  const visible = table.rows.slice(0, shown);
  const width = Math.max(table.header.length, ...visible.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => table.header[i] ?? `Column ${i + 1}`);
  return (
    <>
      {prefix.truncated && <PrefixNote shownBytes={prefix.bytes.length} fileSize={fileSize} />}
      {table.error !== undefined && (
        <p className="artifact-note" role="note">
          Parsed with a problem: {table.error}
        </p>
      )}
      <div className="run-table-scroll" tabIndex={0} role="region" aria-label={`Table of ${name}`}>
        <table className="data-table artifact-csv-table">
          <caption className="visually-hidden">First rows of {name}</caption>
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th key={i} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row, r) => (
              <tr key={r}>
                {columns.map((_, c) => (
                  <td key={c}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="artifact-note">
        {visible.length === 0
          ? 'No rows below the header.'
          : `Showing ${visible.length.toLocaleString()} of ${
              table.more ? 'more than ' : ''
            }${table.rows.length.toLocaleString()} rows.`}{' '}
        {table.rows.length > shown && (
          <button type="button" onClick={() => setShown((n) => n + FIRST_ROWS * 4)}>
            Show more rows
          </button>
        )}
      </p>
    </>
  );
}
