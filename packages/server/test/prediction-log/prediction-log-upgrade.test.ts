import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePredictionCursor, type PredictionRecord, type PredictionWrite } from '@slipway/core';
import { migrateToLatest } from '../../src/storage/sql/migrate.js';
import { migrationProvider } from '../../src/storage/sql/migrations/index.js';
import { openDatabase } from '../../src/storage/sql/open-database.js';
import { SqlPredictionLogStore } from '../../src/storage/sql/prediction-log-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { record } from './prediction-fixtures.js';

const PG_ADMIN =
  process.env.SLIPWAY_TEST_PG_ADMIN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const T0 = 1_700_000_000_000;

/** A database migrated only up to 0005: the schema a server before the binary encoding left. */
interface OldDatabase {
  database: SqlDatabase;
  dispose(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function openAt0005(backend: 'sqlite' | 'postgres'): Promise<OldDatabase> {
  let database: SqlDatabase;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-upgrade-'));
    database = await openDatabase(`sqlite:${join(dir, 'old.db')}`);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `slipway_upgrade_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    database = await openDatabase(url.toString(), { poolSize: 2 });
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('0005-logged-models');
  if (error) throw error;
  return {
    database,
    async dispose() {
      await database.close();
      await cleanup();
    },
  };
}

/** Writes a record as the 0004-era store did: JSON text columns. Returns its id. */
async function insertLegacy(database: SqlDatabase, r: PredictionRecord): Promise<number> {
  await sql`insert into predictions (request_id, deployment, model_name, model_version, variant,
      inputs, outputs, latency_ms, status, error, time)
    values (${r.requestId}, ${r.deployment}, ${r.modelName}, ${r.modelVersion}, ${r.variant ?? null},
      ${JSON.stringify(r.inputs)}, ${JSON.stringify(r.outputs)}, ${r.latencyMs}, ${r.status},
      ${r.error ?? null}, ${r.time})`.execute(database.db);
  const row = await sql<{ id: number | string }>`select max(id) as id from predictions`.execute(
    database.db,
  );
  return Number(row.rows[0]?.id);
}

async function columnTypes(database: SqlDatabase): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ type: string }>`select type from pragma_table_info('predictions')
          where name in ('inputs', 'outputs') order by name`
      : sql<{ type: string }>`select data_type as type from information_schema.columns
          where table_name = 'predictions' and column_name in ('inputs', 'outputs')
          order by column_name`;
  return (await query.execute(database.db)).rows.map((r) => r.type.toLowerCase());
}

async function indexNames(database: SqlDatabase): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_index_list('predictions')`
      : sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'predictions'`;
  return (await query.execute(database.db)).rows.map((r) => r.name).sort();
}

describe.each(['sqlite', 'postgres'] as const)(
  'upgrading a 0004-era prediction log (%s)',
  (backend) => {
    let old: OldDatabase | undefined;
    afterEach(async () => {
      await old?.dispose();
      old = undefined;
    });

    it('keeps old JSON rows readable, paged, joined and retained beside new binary rows', async () => {
      old = await openAt0005(backend);
      const { database } = old;
      const legacy: PredictionRecord[] = [
        {
          ...record(1),
          variant: 'candidate',
          inputs: [
            { name: 'b', datatype: 'BYTES', shape: [1], data: ['aGk='] },
            { name: 'f', datatype: 'FP64', shape: [2], data: ['NaN', 0.1] },
          ],
        },
        record(2, { status: 'error', error: 'bad shape', outputs: [] }),
        record(4),
      ];
      const ids: number[] = [];
      for (const r of legacy) ids.push(await insertLegacy(database, r));

      const report = await migrateToLatest(database);
      expect(report.applied).toEqual([
        '0006-binary-prediction-tensors',
        '0007-access-and-audit',
        '0008-search-indexes',
        '0009-monitors',
        '0010-webhooks',
        '0011-alerts',
        '0012-datasets',
        '0013-pipelines',
        '0014-lineage-indexes',
      ]);
      expect(await columnTypes(database)).toEqual(
        backend === 'sqlite' ? ['blob', 'blob'] : ['bytea', 'bytea'],
      );
      const indexes = await indexNames(database);
      expect(indexes).toEqual(
        expect.arrayContaining(['predictions_deployment_time_idx', 'predictions_time_idx']),
      );
      expect(indexes).not.toContain('predictions_deployment_request_idx');

      const store = new SqlPredictionLogStore(database);
      const fresh: PredictionWrite = {
        ...record(3),
        inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: new Float32Array([3, 3.5]) }],
        outputs: [{ name: 'y', datatype: 'INT64', shape: [1], data: new BigInt64Array([30n]) }],
      };
      await store.append([fresh]);

      const all: PredictionRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.query({
          deployment: 'fraud',
          limit: 2,
          ...(cursor && { cursor }),
        });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      // record(3) holds the same values in JSON form as `fresh` does raw.
      expect(all).toEqual([legacy[0], legacy[1], record(3), legacy[2]]);

      // Ids survived the upgrade: a cursor taken before it still resumes after the right row.
      const before = encodePredictionCursor({ time: T0 + 1000, id: ids[0] as number });
      const resumed = await store.query({ deployment: 'fraud', limit: 10, cursor: before });
      expect(resumed.items.map((r) => r.requestId)).toEqual(['req-2', 'req-3', 'req-4']);

      await store.attachGroundTruth([
        { deployment: 'fraud', requestId: 'req-1', label: 1, time: T0 + 9000 },
      ]);
      const labeled = await store.join({ deployment: 'fraud', limit: 10, labeledOnly: true });
      expect(labeled.items).toEqual([{ ...legacy[0], groundTruth: { label: 1, time: T0 + 9000 } }]);

      expect(await store.deleteOlderThan(T0 + 2500)).toEqual({ predictions: 2, groundTruth: 0 });
      const left = await store.query({ deployment: 'fraud', limit: 10 });
      expect(left.items.map((r) => r.requestId)).toEqual(['req-3', 'req-4']);
    });

    it('upgrades an empty prediction log', async () => {
      old = await openAt0005(backend);
      expect((await migrateToLatest(old.database)).applied).toEqual([
        '0006-binary-prediction-tensors',
        '0007-access-and-audit',
        '0008-search-indexes',
        '0009-monitors',
        '0010-webhooks',
        '0011-alerts',
        '0012-datasets',
        '0013-pipelines',
        '0014-lineage-indexes',
      ]);
      const store = new SqlPredictionLogStore(old.database);
      await store.append([record(1)]);
      expect(await store.count({ deployment: 'fraud' })).toBe(1);
    });
  },
);
