import type { CellValue } from '../data/table.js';
import { invalidArgument } from '../errors.js';
import type { MetricColumn } from './metric-inputs.js';

export type ClassLabel = string | number | boolean;

type LabelKind = 'string' | 'number' | 'boolean';

function labelAt(column: MetricColumn, i: number, what: string): ClassLabel {
  const value: CellValue | undefined = column[i];
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    throw invalidArgument(`${what} has no label at row ${i}; drop unlabelled rows first.`);
  }
  return value;
}

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/**
 * The classes of one or more label columns, sorted as scikit-learn's unique_labels sorts them
 * (numbers ascending, strings by code point), with each class's position.
 */
export class ClassIndex {
  readonly classes: readonly ClassLabel[];
  private readonly positions: Map<ClassLabel, number>;

  constructor(classes: readonly ClassLabel[]) {
    this.classes = classes;
    this.positions = new Map(classes.map((label, i) => [label, i]));
  }

  get size(): number {
    return this.classes.length;
  }

  /** Position of a class; -1 when unknown. */
  positionOf(label: ClassLabel): number {
    return this.positions.get(label) ?? -1;
  }

  /** Each row's class position, in one allocation; refuses labels outside the index. */
  encode(column: MetricColumn, what: string): Int32Array {
    const codes = new Int32Array(column.length);
    for (let i = 0; i < column.length; i++) {
      const label = labelAt(column, i, what);
      const position = this.positionOf(label);
      if (position < 0) {
        throw invalidArgument(
          `${what} holds ${JSON.stringify(label)} at row ${i}, which is not one of the classes ${JSON.stringify(this.classes)}.`,
        );
      }
      codes[i] = position;
    }
    return codes;
  }
}

/** Sorted distinct labels over the columns; refuses mixed kinds (numbers with strings), as scikit-learn does. */
export function classIndexOf(columns: readonly MetricColumn[], what: string): ClassIndex {
  const seen = new Set<ClassLabel>();
  let kind: LabelKind | undefined;
  for (const column of columns) {
    for (let i = 0; i < column.length; i++) {
      const label = labelAt(column, i, what);
      const labelKind = typeof label as LabelKind;
      if (kind !== undefined && labelKind !== kind) {
        throw invalidArgument(
          `${what} mixes ${kind} and ${labelKind} labels (row ${i}: ${JSON.stringify(label)}); use one kind, e.g. all strings.`,
        );
      }
      kind = labelKind;
      seen.add(label);
    }
  }
  return new ClassIndex([...seen].sort(compareLabels));
}

/** Classes given by the caller (a model's class order): refuses duplicates and missing values. */
export function explicitClassIndex(classes: readonly ClassLabel[], what: string): ClassIndex {
  const index = new ClassIndex(classes);
  if (new Set(classes).size !== classes.length) {
    throw invalidArgument(`${what}: classes must be distinct, got ${JSON.stringify(classes)}.`);
  }
  return index;
}
