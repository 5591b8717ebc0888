import { useState } from 'react';
import { AUDIT_RESOURCE_TYPES } from '@slipway/core';
import type { AuditResourceType } from '@slipway/core';
import { InputField } from '../../../components/input-field.js';
import { SelectField } from '../../../components/select-field.js';
import type { SelectOption } from '../../../components/select-field.js';
import { useUsernames } from '../shared/use-usernames.js';
import { fromLocalInput, NO_FILTERS, toLocalInput } from './audit-url.js';
import type { AuditFilters } from './audit-url.js';
import { KNOWN_ACTIONS } from './known-actions.js';

const TYPE_OPTIONS: ReadonlyArray<SelectOption<AuditResourceType | ''>> = [
  { value: '', label: 'Any' },
  ...AUDIT_RESOURCE_TYPES.map((type) => ({ value: type, label: type.replaceAll('_', ' ') })),
];

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
      <InputField
        id="audit-actor"
        label="User"
        value={draft.actor}
        onChange={(actor) => set({ actor })}
        suggestions={['anonymous', ...(usernames.data ?? [])]}
      />
      <InputField
        id="audit-action"
        label="Action"
        value={draft.action}
        onChange={(action) => set({ action })}
        suggestions={KNOWN_ACTIONS}
        hint={
          <>
            e.g. <code>permission.set</code>, or <code>user.</code> for all of a kind
          </>
        }
      />
      <SelectField
        id="audit-type"
        label="Resource type"
        value={draft.type}
        options={TYPE_OPTIONS}
        onChange={(type) => set({ type })}
      />
      <InputField
        id="audit-resource"
        label="Resource"
        value={draft.resource}
        onChange={(resource) => set({ resource })}
        hint="Its name, or an experiment's or run's id"
      />
      <InputField
        id="audit-from"
        label="From"
        type="datetime-local"
        value={toLocalInput(draft.from)}
        onChange={(from) => set({ from: fromLocalInput(from) })}
      />
      <InputField
        id="audit-to"
        label="To"
        type="datetime-local"
        value={toLocalInput(draft.to)}
        onChange={(to) => set({ to: fromLocalInput(to) })}
      />
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
