import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;

beforeAll(async () => {
  h = await openNativeHarness({ users: ['bob'] });
});
afterAll(async () => {
  await h?.close();
});

// Hand-checked: 120 > 100 is the one unexpected value of the three present; one is missing.
const data = { age: [34, null, 120, 51], city: ['Oslo', 'Lima', 'Oslo', 'Oslo'] };
const suite = {
  name: 'people',
  expectations: [
    { expectation_type: 'expect_column_to_exist', kwargs: { column: 'city' } },
    {
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column: 'age', min_value: 0, max_value: 100 },
    },
  ],
};

describe('POST /api/v1/validate', () => {
  it('answers 200 with success false and GE fields when an expectation fails', async () => {
    const res = await call(h, r.validateData, { body: { data, suite }, headers: as('bob') });
    expect(res.status).toBe(200);
    expect(res.json.success).toBe(false);
    expect(res.json.suite_name).toBe('people');
    expect(res.json.statistics).toEqual({
      evaluated_expectations: 2,
      successful_expectations: 1,
      unsuccessful_expectations: 1,
      success_percent: 50,
    });
    expect(res.json.results[0]).toMatchObject({ success: true, result: { observed_value: 1 } });
    expect(res.json.results[1]).toMatchObject({
      success: false,
      result: {
        element_count: 4,
        missing_count: 1,
        unexpected_count: 1,
        partial_unexpected_list: [120],
      },
      exception_info: { raised_exception: false, exception_message: null },
    });
  });

  it('answers 200 with success true when every expectation holds', async () => {
    const res = await call(h, r.validateData, {
      body: { data: { age: [1, 2] }, suite: { name: 's', expectations: [] } },
    });
    expect(res.json).toMatchObject({ success: true, statistics: { evaluated_expectations: 0 } });
  });

  it("answers 400 with the parser's message for a bad suite", async () => {
    const bad = {
      name: 'bad',
      expectations: [{ expectation_type: 'expect_column_values_to_be_pink', kwargs: {} }],
    };
    const res = await call(h, r.validateData, { body: { data, suite: bad } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_ARGUMENT');
    expect(res.json.error.message).toContain(
      'expectations[0]: unknown expectation_type "expect_column_values_to_be_pink"',
    );
  });

  it('answers 400 naming the columns of unequal length', async () => {
    const res = await call(h, r.validateData, {
      body: { data: { a: [1, 2, 3], b: [1, 2] }, suite },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('"b" has 2 rows but "a" has 3');
  });

  it('answers 400 for data that is not columns of values', async () => {
    const res = await call(h, r.validateData, { body: { data: { a: [{ x: 1 }] }, suite } });
    expect(res.status).toBe(400);
  });

  it('answers 401 without credentials', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/validate',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ data, suite }),
    });
    expect(res.statusCode).toBe(401);
  });
});
