import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { invalidArgument, type Comparator, type FilterClause } from '@slipway/core';
import type { SqlDialectName } from './sql-database.js';

/**
 * Compiles one comparison of a parsed filter clause into a parameterised SQL predicate. Every
 * user value is a bound parameter; only comparator keywords (from a closed set) become SQL text.
 *
 * LIKE patterns follow PostgreSQL's rules on both backends: `%` any run, `_` one character,
 * backslash escapes the next character. PostgreSQL runs LIKE/ILIKE natively. SQLite's LIKE is
 * case-insensitive for ASCII, so a case-sensitive LIKE there is translated to GLOB (always
 * case-sensitive, per-statement, no global PRAGMA that would change other queries) with GLOB's
 * own metacharacters bracketed; ILIKE on SQLite is its LIKE with ESCAPE '\'. SQLite folds case for
 * ASCII letters only, so ILIKE there compares non-ASCII letters case-sensitively.
 */
export function stringPredicate(
  dialect: SqlDialectName,
  column: Expression<unknown>,
  clause: Pick<FilterClause, 'comparator' | 'value' | 'key'>,
): RawBuilder<SqlBool> {
  const { comparator } = clause;
  switch (comparator) {
    case '=':
      return sql<SqlBool>`${column} = ${stringValue(clause)}`;
    case '!=':
      return sql<SqlBool>`${column} <> ${stringValue(clause)}`;
    case 'LIKE': {
      const pattern = likePattern(clause);
      return dialect === 'sqlite'
        ? sql<SqlBool>`${column} GLOB ${likeToGlob(pattern)}`
        : sql<SqlBool>`${column} LIKE ${pattern}`;
    }
    case 'ILIKE': {
      const pattern = likePattern(clause);
      return dialect === 'sqlite'
        ? sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`
        : sql<SqlBool>`${column} ILIKE ${pattern}`;
    }
    case 'IN':
    case 'NOT IN': {
      const list = listValue(clause);
      // `x IN ()` is not valid SQL: an empty list matches nothing, its negation everything.
      if (list.length === 0) return comparator === 'IN' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
      const items = sql.join(list);
      return comparator === 'IN'
        ? sql<SqlBool>`${column} IN (${items})`
        : sql<SqlBool>`${column} NOT IN (${items})`;
    }
    default:
      throw invalidArgument(
        `Comparator '${comparator}' cannot be used with '${clause.key}'; use =, !=, LIKE, ILIKE, IN or NOT IN.`,
      );
  }
}

const NUMERIC_SQL: Partial<Record<Comparator, string>> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

/** `column <op> value` for numbers; the operator comes from the closed table above. */
export function numericPredicate(
  column: Expression<unknown>,
  clause: Pick<FilterClause, 'comparator' | 'value' | 'key'>,
): RawBuilder<SqlBool> {
  const op = NUMERIC_SQL[clause.comparator];
  if (op === undefined) {
    throw invalidArgument(
      `Comparator '${clause.comparator}' cannot be used with numeric '${clause.key}'; use =, !=, >, >=, < or <=.`,
    );
  }
  return sql<SqlBool>`${column} ${sql.raw(op)} ${numericValue(clause)}`;
}

export function isNumericComparator(comparator: Comparator): boolean {
  return NUMERIC_SQL[comparator] !== undefined;
}

export function numericValue(clause: Pick<FilterClause, 'value' | 'key'>): number {
  const { value } = clause;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (Number.isNaN(n) || (typeof value === 'string' && value.trim() === '')) {
    throw invalidArgument(
      `'${clause.key}' is compared with a number; got ${JSON.stringify(value)}.`,
    );
  }
  return n;
}

function stringValue(clause: Pick<FilterClause, 'value' | 'key'>): string {
  const { value } = clause;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalidArgument(`'${clause.key}' is compared with one string; got a list.`);
}

function listValue(clause: Pick<FilterClause, 'value' | 'key'>): string[] {
  if (Array.isArray(clause.value)) return clause.value;
  throw invalidArgument(`IN and NOT IN on '${clause.key}' need a list of strings.`);
}

function likePattern(clause: Pick<FilterClause, 'value' | 'key'>): string {
  const pattern = stringValue(clause);
  let escaped = false;
  for (const ch of pattern) escaped = !escaped && ch === '\\';
  // PostgreSQL rejects this at execution time; reject it on both backends with a usable message.
  if (escaped) {
    throw invalidArgument(
      `LIKE pattern for '${clause.key}' ends with an escape character (\\); write \\\\ for a literal backslash.`,
    );
  }
  return pattern;
}

/**
 * LIKE pattern (PostgreSQL syntax, backslash escape) -> equivalent SQLite GLOB pattern.
 * GLOB's `*`, `?` and `[` are made literal by bracketing them; `]` is literal outside brackets.
 */
export function likeToGlob(pattern: string): string {
  let out = '';
  let escaped = false;
  for (const ch of pattern) {
    if (escaped) {
      out += globLiteral(ch);
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === '%') {
      out += '*';
    } else if (ch === '_') {
      out += '?';
    } else {
      out += globLiteral(ch);
    }
  }
  return out;
}

function globLiteral(ch: string): string {
  return ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch;
}

/** Bytewise string order on both backends (SQLite's BINARY collation is already bytewise). */
export function collated(dialect: SqlDialectName, expr: Expression<unknown>): Expression<unknown> {
  return dialect === 'postgres' ? sql`${expr} collate "C"` : expr;
}
