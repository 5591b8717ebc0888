import type { Kysely, Selectable } from 'kysely';
import type { Audit, ModelHistoryAction, ModelHistoryEvent } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { ModelHistoryTable } from './schema-registry.js';

/** What changed; `from`/`to` are the value before and after (absent when there was none). */
export interface HistoryChange {
  action: ModelHistoryAction;
  version?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Tags and aliases are recorded as `key=value` / `alias=version` so one event names both what changed
 * and its value. Tag keys and alias names cannot contain `=`, so the first `=` always splits them.
 */
export function keyed(key: string, value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : `${key}=${value}`;
}

/** Appends history events; call inside the transaction that makes the change. */
export async function recordHistory(
  trx: Kysely<SlipwaySchema>,
  model: { id: number; name: string },
  audit: Audit,
  changes: readonly HistoryChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await trx
    .insertInto('model_history')
    .values(
      changes.map((c) => ({
        model_id: model.id,
        model_name: model.name,
        version: c.version ?? null,
        action: c.action,
        from_value: c.from ?? null,
        to_value: c.to ?? null,
        actor: audit.actor,
        time: audit.time,
      })),
    )
    .execute();
}

export function historyEventFromRow(row: Selectable<ModelHistoryTable>): ModelHistoryEvent {
  const event: ModelHistoryEvent = {
    id: row.id,
    modelName: row.model_name,
    action: row.action as ModelHistoryAction,
    actor: row.actor,
    time: row.time,
  };
  if (row.version !== null) event.version = String(row.version);
  if (row.from_value !== null) event.from = row.from_value;
  if (row.to_value !== null) event.to = row.to_value;
  return event;
}
