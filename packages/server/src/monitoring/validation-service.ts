import { parseSuite, tableFromColumns, validate } from '@slipway/core';
import type { Caller, CellValue, ValidationResult } from '@slipway/core';

export interface ValidateDataRequest {
  /** The data set by column; every column the same length. */
  data: Readonly<Record<string, readonly CellValue[]>>;
  /** An expectation suite document as parsed from JSON (see parseSuite). */
  suite: unknown;
}

/**
 * Checks a data set sent with the request against a suite sent with it. Nothing is read or
 * stored, so any authenticated caller may use it; the caller is taken for the services' shape
 * (and so a later quota or audit needs no signature change).
 */
export class ValidationService {
  validate(_caller: Caller, request: ValidateDataRequest): ValidationResult {
    // The suite first: a malformed suite is the likelier mistake and its message the more useful.
    const suite = parseSuite(request.suite);
    const table = tableFromColumns(request.data);
    return validate(table, suite);
  }
}
