import { useId, useRef, useState } from 'react';
import type { ExperimentKeys } from '@slipway/core';
import { MODELS_TAG, SOURCE_TAG, columnId } from './run-columns.js';
import type { DataColumn, DataColumnKind } from './run-columns.js';

interface ColumnChooserProps {
  /** The experiment's keys; undefined while they load. */
  keys: ExperimentKeys | undefined;
  keysError: boolean;
  columns: DataColumn[];
  onChange: (columns: DataColumn[]) => void;
}

/** More keys than this in a group are listed once the search narrows them. */
const SHOWN_PER_GROUP = 100;

/** System tags listed under "Run details" rather than among the tags. */
const DETAIL_TAGS = new Set([SOURCE_TAG, MODELS_TAG]);

const GROUPS: Array<{ kind: DataColumnKind; legend: string }> = [
  { kind: 'metrics', legend: 'Metrics' },
  { kind: 'params', legend: 'Params' },
  { kind: 'tags', legend: 'Tags' },
];

/**
 * "Columns": a disclosure listing the experiment's metric, param and tag keys as checkboxes,
 * with a box to narrow long lists, plus the run's source and logged models (MLflow system tags).
 * Columns are added at the right, in the order they are ticked.
 */
export function ColumnChooser({ keys, keysError, columns, onChange }: ColumnChooserProps) {
  const [find, setFind] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  const id = useId();
  const chosen = new Set(columns.map(columnId));
  const toggle = (column: DataColumn, on: boolean) => {
    const key = columnId(column);
    onChange(on ? [...columns, column] : columns.filter((c) => columnId(c) !== key));
  };
  const needle = find.trim().toLowerCase();

  const checkbox = (column: DataColumn, label: string) => {
    const key = columnId(column);
    return (
      <li key={key}>
        <label className="check">
          <input
            type="checkbox"
            checked={chosen.has(key)}
            onChange={(event) => toggle(column, event.target.checked)}
          />
          <span className="mono">{label}</span>
        </label>
      </li>
    );
  };

  const group = (kind: DataColumnKind, legend: string) => {
    // Chosen columns stay listed even when no run has the key any more, so they can be removed.
    const all = [
      ...new Set([
        ...(keys?.[kind] ?? []),
        ...columns.filter((c) => c.kind === kind && !DETAIL_TAGS.has(c.key)).map((c) => c.key),
      ]),
    ];
    const matching = needle === '' ? all : all.filter((k) => k.toLowerCase().includes(needle));
    const shown = matching.slice(0, SHOWN_PER_GROUP);
    return (
      <fieldset key={kind}>
        <legend>
          {legend} <span className="count">({all.length})</span>
        </legend>
        {matching.length === 0 ? (
          <p className="empty">{all.length === 0 ? 'None logged.' : 'None match.'}</p>
        ) : (
          <ul>{shown.map((key) => checkbox({ kind, key }, key))}</ul>
        )}
        {matching.length > shown.length && (
          <p className="hint">
            {matching.length - shown.length} more: type part of a key to find them.
          </p>
        )}
      </fieldset>
    );
  };

  const systemTags = new Set(keys?.systemTags ?? []);
  const source = { kind: 'tags', key: SOURCE_TAG } as const;
  const models = { kind: 'tags', key: MODELS_TAG } as const;
  return (
    <details
      className="column-chooser"
      ref={details}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || details.current === null) return;
        details.current.open = false;
        details.current.querySelector('summary')?.focus();
      }}
    >
      <summary>Columns{columns.length > 0 ? ` (${columns.length})` : ''}</summary>
      <div className="column-panel">
        <div className="field">
          <label htmlFor={`${id}-find`}>Find a key</label>
          <input
            id={`${id}-find`}
            type="search"
            value={find}
            onChange={(event) => setFind(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {keysError && <p className="hint">Could not load this experiment’s keys.</p>}
        {keys === undefined && !keysError ? (
          <p className="hint">Loading keys…</p>
        ) : (
          <div className="column-groups">
            {GROUPS.map(({ kind, legend }) => group(kind, legend))}
            <fieldset>
              <legend>Run details</legend>
              <ul>
                {checkbox(source, 'Source')}
                {(systemTags.has(MODELS_TAG) || chosen.has(columnId(models))) &&
                  checkbox(models, 'Models')}
              </ul>
            </fieldset>
          </div>
        )}
        <p className="hint">Metric, param and tag columns make the table load more per run.</p>
        <button type="button" onClick={() => onChange([])} disabled={columns.length === 0}>
          Remove all columns
        </button>
      </div>
    </details>
  );
}
