import { transact } from './transact.js';
import {
  MAX_PREDICTION_PAGE_SIZE,
  decodePredictionCursor,
  encodePredictionCursor,
  invalidArgument,
  type GroundTruth,
  type JsonValue,
  type LabeledPrediction,
  type PredictionCountQuery,
  type PredictionJoinQuery,
  type PredictionLogStore,
  type PredictionPage,
  type PredictionQuery,
  type PredictionRecord,
  type PredictionWrite,
  type RetentionResult,
} from '@slipway/core';
import { CompiledQuery, type Kysely } from 'kysely';
import {
  PREDICTION_COLUMNS,
  groundTruthToRow,
  labeledPredictionFromRow,
  predictionFromRow,
  predictionValues,
  type PredictionRow,
} from './prediction-rows.js';
import { tensorsFromColumn } from './prediction-tensor-column.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';

type OutcomeGroupQuery = Parameters<PredictionLogStore['outcomeGroups']>[0];
type OutcomeGroup = Awaited<ReturnType<PredictionLogStore['outcomeGroups']>>[number];

/** Rows per ground-truth upsert: 4 columns x 2,000 rows stays under every parameter limit. */
const INSERT_CHUNK_ROWS = 2_000;

/** Rows per DELETE in retention, so one pass never holds the write lock for long. */
const DELETE_CHUNK_ROWS = 5_000;

const COLUMN_LIST = PREDICTION_COLUMNS.map((c) => `"${c}"`).join(', ');

/**
 * PostgreSQL: one statement per batch whatever its size, over one array per column. The text never
 * changes, so the server parses no 2,816-placeholder statement per batch and has no parameter
 * limit to chunk under; unnest keeps array order, so ids follow the batch's order.
 */
const POSTGRES_INSERT = `insert into "predictions" (${COLUMN_LIST})
select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
  $6::bytea[], $7::bytea[], $8::float8[], $9::text[], $10::text[], $11::int8[])`;

type WindowQuery = Pick<
  PredictionQuery,
  'deployment' | 'from' | 'to' | 'cursor' | 'modelName' | 'modelVersion' | 'newestFirst'
>;

/** The prediction log in SQLite or PostgreSQL (tables of migrations 0004 and 0006). */
export class SqlPredictionLogStore implements PredictionLogStore {
  private readonly db: Kysely<SlipwaySchema>;
  private readonly database: SqlDatabase;

  constructor(database: SqlDatabase) {
    this.database = database;
    this.db = database.db;
  }

  /**
   * Encodes every record before touching the database (an unencodable record fails the call with
   * nothing written), then writes them all in one transaction (SQLite, on the database's writer
   * thread when it has one; see `SqliteLogWriter`) or one statement (PostgreSQL). Neither goes
   * through Kysely's query builder, which allocated a node per cell.
   */
  async append(records: readonly (PredictionWrite | PredictionRecord)[]): Promise<void> {
    if (records.length === 0) return;
    // Freshly encoded on every call, so handing the writer their buffers (transferred) is safe.
    const rows = predictionValues(records);
    if (this.database.predictionLogWriter !== undefined) {
      await this.database.predictionLogWriter.append(rows);
      return;
    }
    const columns = PREDICTION_COLUMNS.map((_, c) => rows.map((row) => row[c]));
    await this.db.executeQuery(CompiledQuery.raw(POSTGRES_INSERT, columns));
  }

  async query(query: PredictionQuery): Promise<PredictionPage<PredictionRecord>> {
    const limit = checkLimit(query.limit);
    const direction = query.newestFirst === true ? 'desc' : 'asc';
    const rows = await this.window(query)
      .selectAll('p')
      .orderBy('p.time', direction)
      .orderBy('p.id', direction)
      .limit(limit + 1)
      .execute();
    return page(rows, limit, predictionFromRow);
  }

  async join(query: PredictionJoinQuery): Promise<PredictionPage<LabeledPrediction>> {
    const limit = checkLimit(query.limit);
    const base = this.window(query);
    const joined =
      query.labeledOnly === true
        ? base.innerJoin('ground_truth as g', (j) =>
            j.onRef('g.deployment', '=', 'p.deployment').onRef('g.request_id', '=', 'p.request_id'),
          )
        : base.leftJoin('ground_truth as g', (j) =>
            j.onRef('g.deployment', '=', 'p.deployment').onRef('g.request_id', '=', 'p.request_id'),
          );
    const direction = query.newestFirst === true ? 'desc' : 'asc';
    const rows = await joined
      .selectAll('p')
      .select(['g.label as gt_label', 'g.time as gt_time'])
      .orderBy('p.time', direction)
      .orderBy('p.id', direction)
      .limit(limit + 1)
      .execute();
    return page(
      rows.map((row) => ({ ...row, gt_label: row.gt_label ?? null, gt_time: row.gt_time ?? null })),
      limit,
      labeledPredictionFromRow,
    );
  }

  async count(query: PredictionCountQuery): Promise<number> {
    const row = await this.window(query)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * One GROUP BY over the inner join with ground truth, the same statement on both backends
   * (BLOB and bytea both group by value). Tensors are stored encoded, so comparing a prediction
   * with its label happens in the caller, once per distinct pair rather than once per row.
   */
  async outcomeGroups(query: OutcomeGroupQuery): Promise<OutcomeGroup[]> {
    const rows = await this.window(query)
      .innerJoin('ground_truth as g', (j) =>
        j.onRef('g.deployment', '=', 'p.deployment').onRef('g.request_id', '=', 'p.request_id'),
      )
      .where('p.status', '=', 'ok')
      .select((eb) => [
        'p.variant',
        'p.model_name',
        'p.model_version',
        'p.outputs',
        'g.label',
        eb.fn.countAll<number | string>().as('n'),
      ])
      .groupBy(['p.variant', 'p.model_name', 'p.model_version', 'p.outputs', 'g.label'])
      .execute();
    return rows.map((row) => ({
      variant: row.variant,
      modelName: row.model_name,
      modelVersion: row.model_version,
      outputs: tensorsFromColumn(row.outputs),
      label: JSON.parse(row.label) as JsonValue,
      count: Number(row.n),
    }));
  }

  async attachGroundTruth(labels: readonly GroundTruth[]): Promise<void> {
    if (labels.length === 0) return;
    // PostgreSQL refuses to upsert one key twice in a statement; the last label of a key wins.
    const byKey = new Map<string, ReturnType<typeof groundTruthToRow>>();
    for (const label of labels) {
      byKey.set(JSON.stringify([label.deployment, label.requestId]), groundTruthToRow(label));
    }
    const rows = [...byKey.values()];
    await transact(this.db, async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
        await trx
          .insertInto('ground_truth')
          .values(rows.slice(i, i + INSERT_CHUNK_ROWS))
          .onConflict((oc) =>
            oc.columns(['deployment', 'request_id']).doUpdateSet((eb) => ({
              label: eb.ref('excluded.label'),
              time: eb.ref('excluded.time'),
            })),
          )
          .execute();
      }
    });
  }

  async deleteOlderThan(cutoff: number): Promise<RetentionResult> {
    let predictions = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('predictions')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('predictions')
            .select('id')
            .where('time', '<', cutoff)
            .limit(DELETE_CHUNK_ROWS),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      predictions += deleted;
      if (deleted < DELETE_CHUNK_ROWS) break;
    }
    let groundTruth = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('ground_truth')
        .where(({ eb, refTuple, selectFrom }) =>
          eb(
            refTuple('deployment', 'request_id'),
            'in',
            selectFrom('ground_truth')
              .select(['deployment', 'request_id'])
              .where('time', '<', cutoff)
              .limit(DELETE_CHUNK_ROWS)
              .$asTuple('deployment', 'request_id'),
          ),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      groundTruth += deleted;
      if (deleted < DELETE_CHUNK_ROWS) break;
    }
    return { predictions, groundTruth };
  }

  /**
   * predictions `p` of one deployment in [from, to) (of one model version when asked), past the
   * cursor: after it oldest first, before it newest first.
   */
  private window(query: WindowQuery) {
    const cursor = query.cursor === undefined ? undefined : decodePredictionCursor(query.cursor);
    const past = query.newestFirst === true ? '<' : '>';
    return this.db
      .selectFrom('predictions as p')
      .where('p.deployment', '=', query.deployment)
      .$if(query.from !== undefined, (qb) => qb.where('p.time', '>=', query.from as number))
      .$if(query.to !== undefined, (qb) => qb.where('p.time', '<', query.to as number))
      .$if(query.modelVersion !== undefined, (qb) =>
        qb.where('p.model_version', '=', query.modelVersion as string),
      )
      .$if(query.modelName !== undefined, (qb) =>
        qb.where('p.model_name', '=', query.modelName as string),
      )
      .$if(cursor !== undefined, (qb) =>
        qb.where((eb) => {
          const at = cursor as { time: number; id: number };
          return eb.or([
            eb('p.time', past, at.time),
            eb.and([eb('p.time', '=', at.time), eb('p.id', past, at.id)]),
          ]);
        }),
      );
  }
}

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PREDICTION_PAGE_SIZE) {
    throw invalidArgument(
      `Page size ${limit} is out of range: ask for 1 to ${MAX_PREDICTION_PAGE_SIZE} predictions per page.`,
    );
  }
  return limit;
}

function page<R extends PredictionRow, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): PredictionPage<T> {
  const items = rows.slice(0, limit);
  const result: PredictionPage<T> = { items: items.map(map) };
  const last = items[items.length - 1];
  if (rows.length > limit && last !== undefined) {
    result.nextCursor = encodePredictionCursor({ time: Number(last.time), id: Number(last.id) });
  }
  return result;
}
