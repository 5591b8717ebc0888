import type { AuditEvent, AuditQuery, NewAuditEvent } from '../access/audit-event.js';
import type { Page } from '../domain/common.js';
import type { SearchWindow } from './queries.js';

/** The audit log: append-only, newest first when read. */
export interface AuditStore {
  append(events: readonly NewAuditEvent[]): Promise<void>;
  search(query: AuditQuery & SearchWindow): Promise<Page<AuditEvent>>;
}
