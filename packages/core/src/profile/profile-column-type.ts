import { INTEGER_CARDINALITY_LIMIT, TEXT_UNIQUE_SHARE } from '../drift/column-type.js';
import type { DriftColumnType } from '../drift/tests/stat-test.js';
import { combineShapes } from './column-shape.js';
import type { ColumnProfile } from './data-profile.js';

/**
 * `inferColumnType` from profiles instead of rows: the combined shape of both sides, and the
 * distinct count of the reference (or of the current side when the reference has no value). For
 * string columns past the exact-count limit the distinct count is a HyperLogLog estimate, so a
 * column within ~2% of the text share could be typed differently than from the rows.
 */
export function profileColumnType(
  reference: ColumnProfile | undefined,
  current: ColumnProfile | undefined,
): DriftColumnType | undefined {
  const shape = combineShapes(reference?.shape ?? 'empty', current?.shape ?? 'empty');
  const present = (p: ColumnProfile | undefined) => (p ? p.count - p.missing : 0);
  const basis = present(reference) > 0 ? reference : present(current) > 0 ? current : undefined;
  switch (shape) {
    case 'empty':
      return undefined;
    case 'float':
      return 'numerical';
    case 'integer':
      return basis && basis.distinct <= INTEGER_CARDINALITY_LIMIT ? 'categorical' : 'numerical';
    case 'string':
      if (!basis) return 'categorical';
      return basis.distinct > present(basis) * TEXT_UNIQUE_SHARE ? 'text' : 'categorical';
    default:
      return 'categorical';
  }
}
