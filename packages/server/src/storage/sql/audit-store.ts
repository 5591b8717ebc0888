import type { Kysely, Selectable } from 'kysely';
import type {
  AuditEvent,
  AuditQuery,
  AuditResourceType,
  AuditStore,
  NewAuditEvent,
  Page,
  SearchWindow,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { AuditEventsTable } from './schema-access.js';
import type { SqlDatabase } from './sql-database.js';

/** The audit log in SQLite or PostgreSQL (migration 0007). */
export class SqlAuditStore implements AuditStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async append(events: readonly NewAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('audit_events')
      .values(
        events.map((event) => ({
          time: event.time,
          actor: event.actor,
          token_id: event.tokenId ?? null,
          action: event.action,
          resource_type: event.resourceType,
          resource_id: event.resourceId,
          before: event.before === undefined ? null : JSON.stringify(event.before),
          after: event.after === undefined ? null : JSON.stringify(event.after),
        })),
      )
      .execute();
  }

  async search(query: AuditQuery & SearchWindow): Promise<Page<AuditEvent>> {
    let q = this.db.selectFrom('audit_events').selectAll();
    if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
    if (query.resourceType !== undefined) q = q.where('resource_type', '=', query.resourceType);
    if (query.resourceId !== undefined) q = q.where('resource_id', '=', query.resourceId);
    const { action } = query;
    if (action !== undefined) {
      // A prefix compared as text, not LIKE: no wildcards to escape, and case-sensitive on both
      // engines (SQLite's LIKE ignores ASCII case).
      q = action.endsWith('.')
        ? q.where((eb) =>
            eb(eb.fn('substr', [eb.ref('action'), eb.val(1), eb.val(action.length)]), '=', action),
          )
        : q.where('action', '=', action);
    }
    if (query.from !== undefined) q = q.where('time', '>=', query.from);
    if (query.to !== undefined) q = q.where('time', '<=', query.to);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute();
    const page: Page<AuditEvent> = { items: rows.slice(0, query.limit).map(eventFromRow) };
    if (rows.length > query.limit) page.nextOffset = query.offset + query.limit;
    return page;
  }
}

function eventFromRow(row: Selectable<AuditEventsTable>): AuditEvent {
  const event: AuditEvent = {
    id: Number(row.id),
    time: Number(row.time),
    actor: row.actor,
    action: row.action,
    resourceType: row.resource_type as AuditResourceType,
    resourceId: row.resource_id,
  };
  if (row.token_id !== null) event.tokenId = row.token_id;
  if (row.before !== null) event.before = JSON.parse(row.before) as Record<string, unknown>;
  if (row.after !== null) event.after = JSON.parse(row.after) as Record<string, unknown>;
  return event;
}
