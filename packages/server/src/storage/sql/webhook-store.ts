import type { Kysely, Selectable } from 'kysely';
import type {
  NewWebhookDelivery,
  Page,
  SearchWindow,
  Webhook,
  WebhookDelivery,
  WebhookPatch,
  WebhookStatus,
  WebhookStore,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { WebhookDeliveriesTable, WebhooksTable } from './schema-webhooks.js';
import type { SqlDatabase } from './sql-database.js';

/** Webhooks and their delivery log in SQLite or PostgreSQL (migration 0010). */
export class SqlWebhookStore implements WebhookStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async create(webhook: Webhook): Promise<Webhook> {
    await this.db
      .insertInto('webhooks')
      .values({
        id: webhook.id,
        name: webhook.name,
        url: webhook.url,
        events: JSON.stringify(webhook.events),
        secret: webhook.secret ?? null,
        status: webhook.status,
        description: webhook.description ?? null,
        created_at: webhook.createdAt,
        updated_at: webhook.updatedAt,
      })
      .execute();
    return webhook;
  }

  async get(id: string): Promise<Webhook | undefined> {
    const row = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : webhookFromRow(row);
  }

  async list(window: SearchWindow): Promise<Page<Webhook>> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    return paged(rows.map(webhookFromRow), window);
  }

  async listActiveFor(event: string): Promise<Webhook[]> {
    // Few webhooks exist, and the events are a JSON list: filtered here, the same on both engines.
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('status', '=', 'ACTIVE')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(webhookFromRow).filter((w) => w.events.includes(event));
  }

  async update(id: string, patch: WebhookPatch, time: number): Promise<Webhook | undefined> {
    const values: Partial<WebhooksTable> = { updated_at: time };
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.url !== undefined) values.url = patch.url;
    if (patch.events !== undefined) values.events = JSON.stringify(patch.events);
    if (patch.description !== undefined) values.description = patch.description || null;
    if (patch.status !== undefined) values.status = patch.status;
    if (patch.secret !== undefined) values.secret = patch.secret || null;
    const result = await this.db
      .updateTable('webhooks')
      .set(values)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return undefined;
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      const result = await tx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async appendDelivery(delivery: NewWebhookDelivery): Promise<WebhookDelivery> {
    const row = await this.db
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: delivery.webhookId,
        delivery_id: delivery.deliveryId,
        event: delivery.event,
        payload: delivery.payload,
        attempt: delivery.attempt,
        status_code: delivery.statusCode ?? null,
        error: delivery.error ?? null,
        time: delivery.time,
        next_attempt_at: delivery.nextAttemptAt ?? null,
        subject: delivery.subject ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...delivery, id: Number(row.id) };
  }

  async listDeliveries(webhookId: string, window: SearchWindow): Promise<Page<WebhookDelivery>> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    return paged(rows.map(deliveryFromRow), window);
  }

  // Attempts of one delivery are logged one after the other (a retry is armed only once the
  // previous attempt is logged), so the greatest id is the last attempt.
  async latestDelivery(
    webhookId: string,
    deliveryId: string,
  ): Promise<WebhookDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('delivery_id', '=', deliveryId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : deliveryFromRow(row);
  }

  async deliveriesAbout(
    subjects: readonly string[],
  ): Promise<Array<WebhookDelivery & { webhookName: string }>> {
    if (subjects.length === 0) return [];
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .selectAll('d')
      .select('w.name as webhook_name')
      .where('d.subject', 'in', subjects)
      .orderBy('d.id')
      .execute();
    return rows.map((row) => ({ ...deliveryFromRow(row), webhookName: row.webhook_name }));
  }

  async listOwedRetries(): Promise<WebhookDelivery[]> {
    // Run once per server start. NOT EXISTS walks the (webhook_id, id) index from the row on and
    // stops at the next attempt of the same delivery, which follows within seconds.
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .selectAll('d')
      .where('w.status', '=', 'ACTIVE')
      .where('d.next_attempt_at', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as later')
              .select('later.id')
              .whereRef('later.webhook_id', '=', 'd.webhook_id')
              .whereRef('later.id', '>', 'd.id')
              .whereRef('later.delivery_id', '=', 'd.delivery_id'),
          ),
        ),
      )
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .execute();
    return rows.map(deliveryFromRow);
  }
}

function paged<T>(items: T[], window: SearchWindow): Page<T> {
  const page: Page<T> = { items: items.slice(0, window.limit) };
  if (items.length > window.limit) page.nextOffset = window.offset + window.limit;
  return page;
}

function webhookFromRow(row: Selectable<WebhooksTable>): Webhook {
  const webhook: Webhook = {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    status: row.status as WebhookStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.description !== null) webhook.description = row.description;
  if (row.secret !== null) webhook.secret = row.secret;
  return webhook;
}

function deliveryFromRow(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  const delivery: WebhookDelivery = {
    id: Number(row.id),
    webhookId: row.webhook_id,
    deliveryId: row.delivery_id,
    event: row.event,
    payload: row.payload,
    attempt: row.attempt,
    time: Number(row.time),
  };
  if (row.status_code !== null) delivery.statusCode = row.status_code;
  if (row.error !== null) delivery.error = row.error;
  if (row.next_attempt_at !== null) delivery.nextAttemptAt = Number(row.next_attempt_at);
  if (row.subject !== null) delivery.subject = row.subject;
  return delivery;
}
