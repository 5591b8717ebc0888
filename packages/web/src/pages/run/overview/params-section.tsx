import { useMemo } from 'react';
import type { Param } from '@slipway/core';
import { FilteredTableSection } from './filtered-table-section.js';
import type { Column } from './virtual-table.js';

const COLUMNS: Column<Param>[] = [
  { header: 'Param', cell: (p) => p.key, className: 'mono run-key-cell' },
  { header: 'Value', cell: (p) => p.value, className: 'mono run-value-cell' },
];
const keyOf = (p: Param) => p.key;
const textOf = (p: Param) => `${p.key}\n${p.value}`;

/** The run's params, sorted by key, filterable by key or value (`?params=`). */
export function ParamsSection({ params }: { params: Param[] }) {
  const sorted = useMemo(() => [...params].sort((a, b) => a.key.localeCompare(b.key)), [params]);
  return (
    <FilteredTableSection
      title="Parameters"
      noun="params"
      urlParam="params"
      rows={sorted}
      columns={COLUMNS}
      rowKey={keyOf}
      text={textOf}
      empty="No params logged."
    />
  );
}
