import { nativeRoutes as r } from '@slipway/core';
import type { ExpectationSuite, RouteBody, RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/**
 * The verdict of a suite on a data set, with Great Expectations' field names: `success`,
 * `statistics`, and per expectation its `kwargs`, `success` and `result` (observed_value,
 * unexpected_count, partial_unexpected_list, ...).
 */
export type DataValidationResult = RouteResponse<typeof r.validateData>;
/** Column name -> values, every column the same length; null for a missing value. */
export type ValidationData = RouteBody<typeof r.validateData>['data'];

/**
 * Data validation: a data set checked against an expectation suite (Great Expectations'
 * expectation names and kwargs) by the server. Nothing is stored.
 *
 * @example
 * ```ts
 * const result = await client.validation.validate(
 *   { age: [31, 45, null], city: ['Oslo', 'Lima', 'Oslo'] },
 *   {
 *     name: 'customers',
 *     expectations: [
 *       { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'age', min_value: 0, max_value: 120 } },
 *       { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'age' } },
 *     ],
 *   },
 * );
 * if (!result.success) console.log(result.results.filter((e) => !e.success));
 * ```
 */
export class ValidationApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Runs every expectation of `suite` on `data`. Failed expectations are a finding, not an
   * error: the promise resolves with `success: false`. A malformed suite, or columns of unequal
   * length, rejects with INVALID_ARGUMENT naming the problem.
   *
   * @example
   * ```ts
   * const suite = JSON.parse(await readFile('suite.json', 'utf8'));
   * const { success, statistics } = await client.validation.validate({ id: [1, 2, 2] }, suite);
   * console.log(success, statistics.unsuccessful_expectations);
   * ```
   */
  async validate(
    data: ValidationData,
    suite: ExpectationSuite | Record<string, unknown>,
  ): Promise<DataValidationResult> {
    return this.transport.call(r.validateData, { body: { data, suite: { ...suite } } });
  }
}
