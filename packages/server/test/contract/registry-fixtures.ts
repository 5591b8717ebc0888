import { sql } from 'kysely';
import { expect } from 'vitest';
import { SlipwayError } from '@slipway/core';
import type { Audit, ErrorCode, FilterClause, OrderByClause } from '@slipway/core';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';

/** An audit stamp at a fixed time, so timestamps in assertions are known in advance. */
export function at(time: number, actor = 'alice'): Audit {
  return { actor, time };
}

/** Awaits `promise`, expecting a SlipwayError with `code` whose message contains every fragment. */
export async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
  ...fragments: string[]
): Promise<SlipwayError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(SlipwayError);
  const err = caught as SlipwayError;
  expect(err.code).toBe(code);
  for (const fragment of fragments) expect(err.message).toContain(fragment);
  return err;
}

export function attr(
  key: string,
  comparator: FilterClause['comparator'],
  value: FilterClause['value'],
): FilterClause {
  return { type: 'attribute', key, comparator, value, position: 0 };
}

export function tag(
  key: string,
  comparator: FilterClause['comparator'],
  value: FilterClause['value'],
): FilterClause {
  return { type: 'tag', key, comparator, value, position: 0 };
}

export function order(key: string, ascending: boolean): OrderByClause {
  return { type: 'attribute', key, ascending };
}

/**
 * Makes every history insert by `actor` fail inside the database, so a test can check that the change
 * that event belongs to is rolled back with it.
 */
export async function rejectHistoryFrom(database: SqlDatabase, actor: string): Promise<void> {
  const quoted = `'${actor.replace(/'/gu, "''")}'`;
  if (database.dialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER reject_history BEFORE INSERT ON model_history WHEN NEW.actor = ${quoted} ` +
          `BEGIN SELECT RAISE(ABORT, 'history rejected'); END`,
      )
      .execute(database.db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION reject_history() RETURNS trigger AS $$ BEGIN ` +
        `IF NEW.actor = ${quoted} THEN RAISE EXCEPTION 'history rejected'; END IF; RETURN NEW; ` +
        `END $$ LANGUAGE plpgsql`,
    )
    .execute(database.db);
  await sql
    .raw(
      'CREATE TRIGGER reject_history BEFORE INSERT ON model_history ' +
        'FOR EACH ROW EXECUTE FUNCTION reject_history()',
    )
    .execute(database.db);
}
