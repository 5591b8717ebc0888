import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ResourceType } from '@slipway/core';
import { adminKeys } from '../../../api/admin-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { useSignedIn } from '../../../session/use-session.js';
import { RESOURCE_OPTIONS, resourceTypeParam } from './resource-types.js';
import { searchResources } from './resource-search.js';

interface ResourcePickerProps {
  type: ResourceType;
  text: string;
  selectedId: string | undefined;
  /** The URL of the page with this resource chosen. */
  linkTo: (id: string) => string;
  onType: (type: ResourceType) => void;
  onSearch: (text: string) => void;
}

/** Choose the kind of resource, search it by name, and pick one (each match is a link). */
export function ResourcePicker({
  type,
  text,
  selectedId,
  linkTo,
  onType,
  onSearch,
}: ResourcePickerProps) {
  const { client } = useSignedIn();
  const [draft, setDraft] = useState(text);
  const plural = RESOURCE_OPTIONS.find((o) => o.type === type)?.plural ?? type;
  const query = useQuery({
    queryKey: adminKeys.resources.search(type, text),
    queryFn: () => searchResources(client, type, text),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="resource-picker">
      <form
        className="search-form"
        role="search"
        aria-label="Find a resource"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(draft.trim());
        }}
      >
        <div className="field">
          <label htmlFor="permission-type">Resource type</label>
          <select
            id="permission-type"
            value={type}
            onChange={(event) => onType(resourceTypeParam(event.target.value))}
          >
            {RESOURCE_OPTIONS.map((option) => (
              <option key={option.type} value={option.type}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="permission-search">Name contains</label>
          <input
            id="permission-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit">Search</button>
      </form>
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title={`Could not search the ${plural}`}
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label={`Searching ${plural}`} />}
      {query.data !== undefined &&
        (query.data.length === 0 ? (
          <p className="empty">No {plural} match.</p>
        ) : (
          <ul
            className={`resource-results${query.isPlaceholderData ? ' stale' : ''}`}
            aria-label={`Matching ${plural}`}
          >
            {query.data.map((match) => (
              <li key={match.id}>
                <Link
                  to={linkTo(match.id)}
                  aria-current={match.id === selectedId ? 'true' : undefined}
                >
                  {match.name}
                </Link>
                {type === 'experiment' && <span className="hint"> id {match.id}</span>}
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
