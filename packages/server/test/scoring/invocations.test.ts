import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BREAST_CANCER_ONNX,
  ModelsResolver,
  goldenBreastCancer,
  writeBreastCancerPackage,
  writeRowEchoPackage,
} from './support/scoring-models.js';
import type { Golden } from './support/scoring-models.js';
import { startScoringApp } from './support/scoring-app.js';
import type { ScoringTestApp } from './support/scoring-app.js';

let resolver: ModelsResolver;
let server: ScoringTestApp;
let golden: Golden;
const ROWS = 40;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  resolver = new ModelsResolver();
  await resolver.add('breast_cancer', '3', writeBreastCancerPackage);
  await resolver.add('row_echo', '1', writeRowEchoPackage);
  await resolver.addPath('bc_tensor', '2', BREAST_CANCER_ONNX);
  server = await startScoringApp({ resolver });
});
afterAll(async () => {
  await server?.close();
  await resolver?.close();
});

async function invoke(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  const response = await server.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    json: JSON.parse(response.body) as Record<string, unknown>,
    headers: response.headers,
  };
}

const BC = '/api/v1/deployments/breast_cancer/invocations';

function expectGolden(predictions: unknown, rows = ROWS): void {
  expect(Array.isArray(predictions)).toBe(true);
  const list = predictions as number[];
  expect(list).toHaveLength(rows);
  list.forEach((value, row) => {
    expect(typeof value).toBe('number');
    expect(Math.abs(value - (golden.expected[row]?.[0] ?? NaN))).toBeLessThan(1e-5);
  });
}

function records(): Record<string, number>[] {
  return golden.inputs
    .slice(0, ROWS)
    .map((row) => Object.fromEntries(golden.columns.map((name, i) => [name, row[i] as number])));
}

describe('MLflow scoring of a tabular model', () => {
  it('answers dataframe_split with columns in any order, with the serving version', async () => {
    // Reversed column order: the signature, not the request, decides where each value goes.
    const columns = [...golden.columns].reverse();
    const data = golden.inputs.slice(0, ROWS).map((row) => [...row].reverse());
    const res = await invoke(BC, {
      dataframe_split: { columns, data, index: [...Array(ROWS).keys()] },
    });
    expect(res.status).toBe(200);
    expectGolden(res.json.predictions);
    expect(res.json.model_version).toBe('3');
    expect(res.headers['x-slipway-model-version']).toBe('3');
    expect(res.headers['x-slipway-request-id']).toMatch(/.+/);
  });

  it('answers dataframe_records, instances and inputs in every layout', async () => {
    const rows = records();
    const columnar = Object.fromEntries(
      golden.columns.map((name, i) => [name, golden.inputs.slice(0, ROWS).map((r) => r[i])]),
    );
    const bodies = [
      { dataframe_records: rows },
      { instances: rows },
      { inputs: rows },
      { inputs: columnar },
      { instances: golden.inputs.slice(0, ROWS) },
      { inputs: golden.inputs.slice(0, ROWS) },
      { inputs: { input: golden.inputs.slice(0, ROWS) } },
    ];
    for (const body of bodies) {
      const res = await invoke(BC, body);
      expect(res.status, JSON.stringify(res.json).slice(0, 200)).toBe(200);
      expectGolden(res.json.predictions);
    }
  });

  it('ignores extra columns and keys, and passes the request id through', async () => {
    const rows = records().map((row) => ({ ...row, customer: 'x', extra: 1 }));
    const res = await invoke(
      BC,
      { dataframe_records: rows, other: true },
      { 'x-request-id': 'r-1' },
    );
    expect(res.status).toBe(200);
    expectGolden(res.json.predictions);
    expect(res.headers['x-slipway-request-id']).toBe('r-1');
  });

  it('answers a text/csv body', async () => {
    const lines = [
      golden.columns.map((name) => `"${name}"`).join(','),
      ...golden.inputs.slice(0, ROWS).map((row) => row.join(',')),
    ];
    const response = await server.app.inject({
      method: 'POST',
      url: BC,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      payload: lines.join('\n'),
    });
    expect(response.statusCode).toBe(200);
    expectGolden(JSON.parse(response.body).predictions);
  });

  it('names a missing column in a 400 with MLflow error shape', async () => {
    const rows = records().map((row) => {
      const copy: Record<string, number> = { ...row };
      delete copy['mean radius'];
      return copy;
    });
    const res = await invoke(BC, { dataframe_records: rows });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('BAD_REQUEST');
    expect(res.json.message).toContain("'mean radius'");
    expect(Object.keys(res.json).sort()).toEqual(['error_code', 'message']);
  });

  it('rejects malformed bodies with BAD_REQUEST', async () => {
    const cases: [unknown, string][] = [
      ['{not json', 'Failed to parse input from JSON'],
      [[1, 2], 'Received a list'],
      [{ data: [] }, 'exactly one of the input fields'],
      [{ inputs: [], instances: [] }, 'exactly one of the input fields'],
      [{ dataframe_split: { columns: ['a'] } }, '"data"'],
      [{ dataframe_split: { columns: golden.columns, data: [[1, 2]] } }, 'row 0 has 2 values'],
      [
        { dataframe_records: [{ ...records()[0], 'mean area': 'big' }] },
        "Column 'mean area', row 0",
      ],
      [{ inputs: [[1, 2, 3]] }, 'one value per model column'],
      [{ inputs: [], params: { deep: [1] } }, "parameter 'deep'"],
    ];
    for (const [body, message] of cases) {
      const res = await invoke(BC, body);
      expect(res.status, String(body)).toBe(400);
      expect(res.json.error_code).toBe('BAD_REQUEST');
      expect(res.json.message).toContain(message);
    }
  });

  it('answers no rows with no predictions', async () => {
    const res = await invoke(BC, { dataframe_split: { columns: golden.columns, data: [] } });
    expect(res.status).toBe(200);
    expect(res.json.predictions).toEqual([]);
  });

  it('reads a body without a content type as JSON, and refuses an oversized one with 413', async () => {
    const plain = await server.app.inject({
      method: 'POST',
      url: BC,
      payload: Buffer.from(JSON.stringify({ inputs: golden.inputs.slice(0, 2) })),
    });
    expect(plain.statusCode).toBe(200);
    expectGolden(JSON.parse(plain.body).predictions, 2);
    const big = await invoke(BC, `{"inputs": [${'0,'.repeat(600_000)}0]}`);
    expect(big.status).toBe(413);
    expect(big.json.error_code).toBe('RESOURCE_LIMIT_EXCEEDED');
  });

  it('refuses other content types with 415', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: BC,
      headers: { 'content-type': 'application/xml' },
      payload: '<rows/>',
    });
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body).error_code).toBe('BAD_REQUEST');
  });
});

describe('column types and outputs', () => {
  const ECHO = '/api/v1/deployments/row_echo/invocations';

  it('orders columns by the signature, converts booleans and gives one object per row for several outputs', async () => {
    const res = await invoke(ECHO, {
      dataframe_split: {
        columns: ['flag', 'price', 'count'],
        data: [
          [true, 2.5, 3],
          [false, -1, 7],
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.predictions).toEqual([
      { echo: [3, 2.5, 1], total: 6.5 },
      { echo: [7, -1, 0], total: 6 },
    ]);
  });

  it('refuses a fraction in a long column and a missing integer, naming column and row', async () => {
    const fraction = await invoke(ECHO, {
      dataframe_records: [{ count: 1.5, price: 1, flag: true }],
    });
    expect(fraction.status).toBe(400);
    expect(fraction.json.message).toContain("Column 'count', row 0");
    const missing = await invoke(ECHO, {
      dataframe_records: [
        { count: 1, price: 1, flag: true },
        { count: null, price: 1, flag: false },
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain("Column 'count', row 1");
    const nullPrice = await invoke(ECHO, {
      dataframe_records: [{ count: 1, price: null, flag: 0 }],
    });
    expect(nullPrice.status).toBe(200);
    expect(nullPrice.json.predictions).toEqual([{ echo: [1, null, 0], total: null }]);
  });

  it('parses CSV cells by column type', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: ECHO,
      headers: { 'content-type': 'text/csv' },
      payload: 'price,flag,count,ignored\n1.25,True,2,x\n,false,-4,y\n',
    });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).predictions).toEqual([
      { echo: [2, 1.25, 1], total: 4.25 },
      { echo: [-4, null, 0], total: null },
    ]);
  });
});

describe('models without a tabular signature', () => {
  const TENSOR = '/api/v1/deployments/bc_tensor/invocations';

  it('takes tensors by input name, or one unnamed list', async () => {
    const rows = golden.inputs.slice(0, ROWS);
    for (const body of [{ inputs: { input: rows } }, { instances: rows }, { inputs: rows }]) {
      const res = await invoke(TENSOR, body);
      expect(res.status).toBe(200);
      expectGolden(res.json.predictions);
      expect(res.json.model_version).toBe('2');
    }
    const records = await invoke(TENSOR, { instances: rows.map((row) => ({ input: row })) });
    expect(records.status).toBe(200);
    expectGolden(records.json.predictions);
  });

  it('names a missing input tensor', async () => {
    const res = await invoke(TENSOR, { inputs: { features: [[1, 2]] } });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain("Missing input tensor 'input'");
  });
});

describe('POST /invocations', () => {
  const body = () => ({ instances: golden.inputs.slice(0, 3) });

  it('takes the deployment from the header or the query', async () => {
    const byHeader = await invoke('/invocations', body(), { 'x-slipway-deployment': 'bc_tensor' });
    expect(byHeader.status).toBe(200);
    expectGolden(byHeader.json.predictions, 3);
    const byQuery = await invoke('/invocations?deployment=bc_tensor', body());
    expect(byQuery.status).toBe(200);
    expectGolden(byQuery.json.predictions, 3);
  });

  it('asks for a name when several deployments are served, and 404s an unknown one', async () => {
    const ambiguous = await invoke('/invocations', body());
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json.message).toContain('x-slipway-deployment');
    const unknown = await invoke('/invocations', body(), { 'x-slipway-deployment': 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('uses defaultTarget, or the only deployment, on a single-deployment server', async () => {
    const withDefault = await startScoringApp({ resolver, defaultTarget: 'bc_tensor' });
    const only = new ModelsResolver();
    only.runtimes.set('solo', resolver.runtimes.get('bc_tensor')!);
    const single = await startScoringApp({ resolver: only });
    try {
      for (const app of [withDefault.app, single.app]) {
        const response = await app.inject({
          method: 'POST',
          url: '/invocations',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(body()),
        });
        expect(response.statusCode).toBe(200);
        expectGolden(JSON.parse(response.body).predictions, 3);
      }
      const ping = await single.app.inject({ method: 'GET', url: '/ping' });
      expect(ping.statusCode).toBe(200);
    } finally {
      only.runtimes.clear();
      await withDefault.close();
      await single.close();
    }
  });
});
