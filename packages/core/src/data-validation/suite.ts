import type { ExpectationType } from './expectation-types.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';

/** One expectation of a suite; `expectation_type` decides the shape of `kwargs`. */
export type ExpectationConfig = {
  [T in ExpectationType]: {
    expectation_type: T;
    kwargs: ExpectationKwargs[T];
    /** Free-form notes carried through to the result unchanged, as in GE. */
    meta?: Record<string, unknown>;
  };
}[ExpectationType];

/** A named list of expectations, as read from a suite file (see parseSuite). */
export interface ExpectationSuite {
  name: string;
  expectations: ExpectationConfig[];
  meta?: Record<string, unknown>;
}
