import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { DeploymentView } from '@slipway/core';
import {
  fromLocalInput,
  parseVersionOption,
  toLocalInput,
  versionOptionValue,
} from './prediction-filters.js';
import type { PredictionFilters } from './prediction-filters.js';

interface VersionOption {
  value: string;
  label: string;
}

/** The versions a deployment serves (and the one the URL names, if it no longer does). */
function versionOptions(
  variants: DeploymentView['variants'] | undefined,
  filters: PredictionFilters,
): VersionOption[] {
  const options = new Map<string, VersionOption>();
  for (const variant of variants ?? []) {
    const { name, version } = variant.resolved;
    const value = versionOptionValue(name, version);
    const existing = options.get(value);
    options.set(value, {
      value,
      label:
        existing === undefined
          ? `${name} v${version} (${variant.id})`
          : `${existing.label.slice(0, -1)}, ${variant.id})`,
    });
  }
  if (filters.version !== undefined) {
    const model = filters.model ?? '';
    const value = versionOptionValue(model, filters.version);
    if (!options.has(value) && filters.model !== undefined) {
      options.set(value, { value, label: `${model} v${filters.version}` });
    }
  }
  return [...options.values()];
}

interface PredictionsFilterFormProps {
  filters: PredictionFilters;
  variants: DeploymentView['variants'] | undefined;
  onApply: (filters: Omit<PredictionFilters, 'pageToken'>) => void;
}

/**
 * The prediction log's filters: the version that served them and a time range (local time in
 * the inputs, ISO instants in the URL). Applied together, so typing a date does not search at
 * every keystroke.
 */
export function PredictionsFilterForm({ filters, variants, onApply }: PredictionsFilterFormProps) {
  const versionId = useId();
  const fromId = useId();
  const toId = useId();
  const [version, setVersion] = useState(
    filters.version === undefined ? '' : versionOptionValue(filters.model ?? '', filters.version),
  );
  const [from, setFrom] = useState(toLocalInput(filters.from));
  const [to, setTo] = useState(toLocalInput(filters.to));
  const options = versionOptions(variants, filters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = parseVersionOption(version);
    onApply({
      model: chosen.model === '' ? undefined : chosen.model,
      version: chosen.version,
      from: fromLocalInput(from),
      to: fromLocalInput(to),
    });
  };
  const clear = () => {
    setVersion('');
    setFrom('');
    setTo('');
    onApply({ model: undefined, version: undefined, from: undefined, to: undefined });
  };
  return (
    <form className="dep-filters" onSubmit={submit} aria-label="Filter predictions">
      <div className="field">
        <label htmlFor={versionId}>Version</label>
        <select id={versionId} value={version} onChange={(e) => setVersion(e.target.value)}>
          <option value="">All versions</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fromId}>From</label>
        <input
          id={fromId}
          type="datetime-local"
          step={1}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={toId}>Until</label>
        <input
          id={toId}
          type="datetime-local"
          step={1}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <div className="dep-filter-buttons">
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
