import { z } from 'zod';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const cellValueSchema = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .describe('One value; null is missing.');

export const validateDataRequestSchema = z
  .object({
    data: z
      .record(z.string(), z.array(cellValueSchema))
      .describe('The data set by column: each column name with its values, all the same length.'),
    suite: z
      .record(z.string(), z.unknown())
      .describe(
        'An expectation suite: { name, expectations: [{ expectation_type, kwargs, meta? }] }, or a Great Expectations export (expectation_suite_name; GE 1.x type).',
      ),
  })
  .register(contractRegistry, { id: 'ValidateDataRequest' });

const count = z.number().int();
const percent = z.number().nullable().describe('0 to 100; null when nothing was judged.');

const expectationResultDetailsSchema = z.object({
  observed_value: z
    .unknown()
    .optional()
    .describe('A number, an extreme, the distinct values, or { quantiles, values }.'),
  element_count: count.optional().describe('Rows examined.'),
  missing_count: count.optional().describe('Rows skipped as missing (null).'),
  missing_percent: percent.optional(),
  unexpected_count: count.optional(),
  unexpected_percent: percent.optional().describe('Unexpected share of the non-missing rows.'),
  unexpected_percent_total: percent.optional().describe('Unexpected share of all rows.'),
  partial_unexpected_list: z
    .array(z.unknown())
    .readonly()
    .optional()
    .describe('Up to 20 unexpected values, in row order.'),
  details: z.record(z.string(), z.unknown()).optional(),
});

const expectationResultSchema = z
  .object({
    expectation_type: z.string(),
    kwargs: z.record(z.string(), z.unknown()),
    meta: z.record(z.string(), z.unknown()).optional(),
    success: z.boolean(),
    result: expectationResultDetailsSchema,
    exception_info: z.object({
      raised_exception: z.boolean(),
      exception_message: z.string().nullable(),
    }),
  })
  .register(contractRegistry, { id: 'ExpectationValidationResult' });

// The field names are Great Expectations' (snake_case), so its users can read the result as is.
export const validationResultSchema = z
  .object({
    success: z.boolean(),
    suite_name: z.string(),
    statistics: z.object({
      evaluated_expectations: z.number().int(),
      successful_expectations: z.number().int(),
      unsuccessful_expectations: z.number().int(),
      success_percent: z.number().nullable(),
    }),
    results: z.array(expectationResultSchema),
  })
  .register(contractRegistry, { id: 'ValidationResult' });

export const validationRoutes = {
  validateData: defineRoute({
    operationId: 'validateData',
    method: 'POST',
    path: '/api/v1/validate',
    group: 'validation',
    summary: 'Check a data set against an expectation suite',
    description: [
      'Runs every expectation of the suite (Great Expectations names and kwargs) on the data and',
      'answers the verdict with GE field names. Failed expectations are a finding, not an error:',
      'the answer is 200 with success false. A malformed suite, or columns of unequal length, is',
      'a 400 naming the problem. Any authenticated caller may validate: nothing is stored.',
    ].join(' '),
    body: validateDataRequestSchema,
    status: 200,
    response: validationResultSchema,
  }),
};
