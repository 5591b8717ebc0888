import type { Column, ColumnarTable } from '../data/table.js';
import { invalidArgument } from '../errors.js';
import { inferColumnType } from './column-type.js';
import { DEFAULT_DRIFT_SHARE, DRIFT_COLUMN_TYPES } from './drift-options.js';
import type { DriftOptions } from './drift-options.js';
import { STAT_TESTS } from './tests/registry.js';
import { STAT_TEST_NAMES, isStatTestName } from './tests/stat-test-names.js';
import type { StatTestName } from './tests/stat-test-names.js';
import type { DriftColumnType } from './tests/stat-test.js';

export type DriftInput = ColumnarTable | Readonly<Record<string, Column>>;

/** What will be done with one column, decided (and validated) before any statistics run. */
export interface ColumnPlan {
  column: string;
  type: DriftColumnType | null;
  reference: Column | undefined;
  current: Column | undefined;
  /** The user's choice; undefined means Evidently's default selection. */
  stattest: StatTestName | undefined;
  threshold: number | undefined;
  skipped?: string;
}

function isTable(input: DriftInput): input is ColumnarTable {
  return input.columns instanceof Map && Array.isArray(input.columnNames);
}

export function columnsOf(input: DriftInput): {
  names: string[];
  get(name: string): Column | undefined;
} {
  if (isTable(input)) {
    return { names: [...input.columnNames], get: (name) => input.columns.get(name) };
  }
  const record = input as Readonly<Record<string, Column>>;
  return {
    names: Object.keys(record),
    get: (name) => (Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined),
  };
}

function checkThreshold(value: number | undefined, where: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
    throw invalidArgument(`The threshold ${where} must be a finite number; got ${String(value)}.`);
  }
}

function checkStatTest(name: string | undefined, where: string): StatTestName | undefined {
  if (name === undefined) return undefined;
  if (!isStatTestName(name)) {
    throw invalidArgument(
      `Unknown stattest '${name}' ${where}. Valid stattests: ${STAT_TEST_NAMES.join(', ')}.`,
    );
  }
  return name;
}

function checkSupports(name: StatTestName, type: DriftColumnType, column: string): void {
  if (type !== 'text' && STAT_TESTS[name].columnTypes.includes(type)) return;
  const fitting = STAT_TEST_NAMES.filter((n) =>
    (STAT_TESTS[n].columnTypes as readonly string[]).includes(type),
  );
  const advice =
    fitting.length > 0
      ? `for ${type} columns use one of: ${fitting.join(', ')}`
      : 'no stattest supports text columns; leave them to be skipped or set another column type';
  throw invalidArgument(
    `Stattest '${name}' does not support ${type} columns (column '${column}'); ${advice}.`,
    { column, stattest: name },
  );
}

/** Validates the options against both data sets and decides each column's type and test. */
export function planDrift(
  reference: DriftInput,
  current: DriftInput,
  options: DriftOptions,
): ColumnPlan[] {
  const ref = columnsOf(reference);
  const cur = columnsOf(current);
  const known = new Set([...ref.names, ...cur.names]);
  const globalTest = checkStatTest(options.stattest, 'in options.stattest');
  checkThreshold(options.threshold, 'in options.threshold');
  const share = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (!(Number.isFinite(share) && share >= 0 && share <= 1)) {
    throw invalidArgument(`driftShare must be a number from 0 to 1; got ${String(share)}.`);
  }
  const requireKnown = (column: string, where: string): void => {
    if (!known.has(column)) {
      throw invalidArgument(`${where} names column '${column}', which is in neither data set.`, {
        column,
      });
    }
  };
  for (const [column, type] of Object.entries(options.columnTypes ?? {})) {
    requireKnown(column, 'columnTypes');
    if (!(DRIFT_COLUMN_TYPES as readonly string[]).includes(type)) {
      throw invalidArgument(
        `columnTypes.${column} must be one of ${DRIFT_COLUMN_TYPES.join(', ')}; got '${String(type)}'.`,
        { column },
      );
    }
  }
  for (const [column, own] of Object.entries(options.perColumn ?? {})) {
    requireKnown(column, 'perColumn');
    checkStatTest(own.stattest, `for column '${column}'`);
    checkThreshold(own.threshold, `for column '${column}'`);
  }
  const selected = options.columns ?? [...known];
  for (const column of selected) requireKnown(column, 'columns');

  return selected.map((column): ColumnPlan => {
    const own = options.perColumn?.[column];
    const ownTest = checkStatTest(own?.stattest, `for column '${column}'`);
    const r = ref.get(column);
    const c = cur.get(column);
    const type = options.columnTypes?.[column] ?? inferColumnType(r, c) ?? null;
    const plan: ColumnPlan = {
      column,
      type,
      reference: r,
      current: c,
      stattest: ownTest ?? globalTest,
      threshold: own?.threshold ?? options.threshold,
    };
    if (type !== null && ownTest !== undefined) checkSupports(ownTest, type, column);
    if (type === 'text') {
      plan.skipped = 'text column: no text drift test is supported';
      plan.stattest = undefined;
    } else if (type !== null && plan.stattest !== undefined) {
      checkSupports(plan.stattest, type, column);
    }
    if (plan.skipped === undefined) {
      if (r === undefined) plan.skipped = 'column missing from the reference data';
      else if (c === undefined) plan.skipped = 'column missing from the current data';
      else if (type === null) plan.skipped = 'no values in either data set';
    }
    return plan;
  });
}
