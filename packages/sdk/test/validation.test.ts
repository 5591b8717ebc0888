import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

let server: TestServer;
let client: SlipwayClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new SlipwayClient({ baseUrl: server.url });
});
afterAll(async () => {
  await server?.close();
});

describe('client.validation.validate', () => {
  it("resolves with the suite's verdict, failed expectations included", async () => {
    // Hand-checked: "Rome" is the one value of three outside the set.
    const result = await client.validation.validate(
      { city: ['Oslo', 'Rome', 'Lima'] },
      {
        name: 'cities',
        expectations: [
          {
            expectation_type: 'expect_column_values_to_be_in_set',
            kwargs: { column: 'city', value_set: ['Oslo', 'Lima'] },
          },
        ],
      },
    );
    expect(result.success).toBe(false);
    expect(result.statistics.unsuccessful_expectations).toBe(1);
    expect(result.results[0]?.result.unexpected_count).toBe(1);
    expect(result.results[0]?.result.partial_unexpected_list).toEqual(['Rome']);
  });

  it('rejects a malformed suite with INVALID_ARGUMENT', async () => {
    const call = client.validation.validate({ a: [1] }, { expectations: [] });
    await expect(call).rejects.toBeInstanceOf(SlipwayError);
    await expect(call).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
