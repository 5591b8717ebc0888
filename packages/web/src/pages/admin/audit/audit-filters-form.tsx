import { useState } from 'react';
import { AUDIT_RESOURCE_TYPES } from '@slipway/core';
import type { AuditResourceType } from '@slipway/core';
import { useUsernames } from '../shared/use-usernames.js';
import { fromLocalInput, NO_FILTERS, toLocalInput } from './audit-url.js';
import type { AuditFilters } from './audit-url.js';
import { KNOWN_ACTIONS } from './known-actions.js';

interface AuditFiltersFormProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

/** The audit log's filters, applied together (and written to the URL) by one button. */
export function AuditFiltersForm({ filters, onApply }: AuditFiltersFormProps) {
  const [draft, setDraft] = useState(filters);
  const usernames = useUsernames();
  const set = (changes: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...changes }));
  return (
    <form
      className="audit-filters"
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <div className="field">
        <label htmlFor="audit-actor">User</label>
        <input
          id="audit-actor"
          list="audit-actor-names"
          autoComplete="off"
          spellCheck={false}
          value={draft.actor}
          onChange={(event) => set({ actor: event.target.value })}
        />
        <datalist id="audit-actor-names">
          {['anonymous', ...(usernames.data ?? [])].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          list="audit-action-names"
          autoComplete="off"
          spellCheck={false}
          value={draft.action}
          onChange={(event) => set({ action: event.target.value })}
          aria-describedby="audit-action-hint"
        />
        <datalist id="audit-action-names">
          {KNOWN_ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <p id="audit-action-hint" className="hint">
          e.g. <code>permission.set</code>, or <code>user.</code> for all of a kind
        </p>
      </div>
      <div className="field">
        <label htmlFor="audit-type">Resource type</label>
        <select
          id="audit-type"
          value={draft.type}
          onChange={(event) =>
            set({
              type: AUDIT_RESOURCE_TYPES.find((t) => t === event.target.value) ?? '',
            })
          }
        >
          <option value="">Any</option>
          {AUDIT_RESOURCE_TYPES.map((type: AuditResourceType) => (
            <option key={type} value={type}>
              {type.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-resource">Resource</label>
        <input
          id="audit-resource"
          autoComplete="off"
          spellCheck={false}
          value={draft.resource}
          onChange={(event) => set({ resource: event.target.value })}
          aria-describedby="audit-resource-hint"
        />
        <p id="audit-resource-hint" className="hint">
          Its name, or an experiment&apos;s or run&apos;s id
        </p>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          type="datetime-local"
          value={toLocalInput(draft.from)}
          onChange={(event) => set({ from: fromLocalInput(event.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="datetime-local"
          value={toLocalInput(draft.to)}
          onChange={(event) => set({ to: fromLocalInput(event.target.value) })}
        />
      </div>
      <div className="filter-buttons">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
