import { statusSymbol } from './step-status.js';
import type { ShownStatus } from './step-status.js';

/** A status as a coloured badge with its symbol and word (the class carries the colour). */
export function StatusBadge({ status }: { status: ShownStatus }) {
  return (
    <span className={`pl-status pl-${status}`} data-status={status}>
      <span aria-hidden="true">{statusSymbol(status)}</span> {status}
    </span>
  );
}
