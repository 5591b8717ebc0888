import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { ADMIN_PASSWORD, basicAuth, startMlflowTestApp } from './mlflow-test-app.js';
import { matchShape } from './shape-matcher.js';

/**
 * Golden fixtures: per endpoint family, requests with the response shape MLflow's protos define
 * (test/fixtures/mlflow/*.json). `{{name}}` in paths, bodies and expected values is replaced by a
 * value saved from an earlier response.
 */

interface Step {
  name?: string;
  method: string;
  path: string;
  /** Who sends it (a user of the test app); default the admin. */
  as?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  save?: Record<string, string>;
}

interface Case extends Step {
  name: string;
  response: { status: number; body?: unknown; headers?: Record<string, string>; text?: string };
}

interface Fixture {
  description: string;
  setup?: Step[];
  cases: Case[];
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'mlflow');
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe.each(files)('golden fixture %s', (file) => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture;
  const vars: Record<string, unknown> = {};
  let t: MlflowTestApp;

  beforeAll(async () => {
    // Authentication on, so user_id and history actors are the authenticated users'.
    t = await startMlflowTestApp({ users: ['alice', 'bob'] });
    for (const step of fixture.setup ?? []) {
      const response = await send(t, step, vars);
      if (response.statusCode >= 300) {
        throw new Error(
          `setup ${step.method} ${step.path} failed: ${response.statusCode} ${response.body}`,
        );
      }
      save(step, response.body, vars);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(0);
  });

  for (const c of fixture.cases) {
    it(c.name, async () => {
      const response = await send(t, c, vars);
      const context = `${c.method} ${interpolate(c.path, vars) as string} -> ${response.body.slice(0, 500)}`;
      expect(response.statusCode, context).toBe(c.response.status);
      for (const [name, value] of Object.entries(c.response.headers ?? {})) {
        expect(response.headers[name], `header ${name}`).toBe(value);
      }
      if (c.response.text !== undefined) {
        expect(response.body).toBe(interpolate(c.response.text, vars));
      }
      if (c.response.body !== undefined) {
        expect(response.headers['content-type']).toMatch(/^application\/json/u);
        const problems = matchShape(JSON.parse(response.body), interpolate(c.response.body, vars));
        expect(problems, context).toEqual([]);
      }
      save(c, response.body, vars);
    });
  }
});

async function send(t: MlflowTestApp, step: Step, vars: Record<string, unknown>) {
  const url = interpolate(step.path, vars) as string;
  const headers: Record<string, string> = {
    authorization:
      step.as === undefined
        ? basicAuth('admin', ADMIN_PASSWORD)
        : basicAuth(step.as, `${step.as}-password-123`),
    ...(step.headers ?? {}),
  };
  let payload: string | undefined;
  if (step.rawBody !== undefined) {
    payload = interpolate(step.rawBody, vars) as string;
    headers['content-type'] ??= 'application/json';
  } else if (step.body !== undefined) {
    payload = JSON.stringify(interpolate(step.body, vars));
    headers['content-type'] ??= 'application/json';
  }
  return t.inject({
    method: step.method as 'GET',
    url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

function save(step: Step, body: string, vars: Record<string, unknown>): void {
  if (!step.save) return;
  const json = JSON.parse(body) as unknown;
  for (const [name, path] of Object.entries(step.save)) {
    let value: unknown = json;
    for (const part of path.split('.')) {
      value = (value as Record<string, unknown> | undefined)?.[part];
    }
    if (value === undefined) throw new Error(`cannot save ${name}: no ${path} in ${body}`);
    vars[name] = value;
  }
}

function interpolate(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/gu, (_m, name: string) => {
      if (!(name in vars)) throw new Error(`fixture variable {{${name}}} is not set`);
      return String(vars[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars)]));
  }
  return value;
}
