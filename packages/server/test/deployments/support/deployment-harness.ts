import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { modelUploadLocation } from '@slipway/core';
import type { ModelVersion } from '@slipway/core';
import { buildHttpApp } from '../../../src/http/build-app.js';
import { openPlatform } from '../../../src/platform.js';
import type { Platform } from '../../../src/platform.js';
import { buildModelPackage } from '../../../src/serving/runtime/build-model-package.js';

export const BREAST_CANCER_ONNX = fileURLToPath(
  new URL('../../fixtures/models/breast_cancer_logreg.onnx', import.meta.url),
);

export interface Golden {
  columns: string[];
  inputs: number[][];
  /** scikit-learn's P(benign) per row. */
  expected: number[][];
}

export async function goldenBreastCancer(): Promise<Golden> {
  const url = new URL('../../fixtures/models/breast_cancer_logreg.expected.json', import.meta.url);
  return JSON.parse(await readFile(url, 'utf8')) as Golden;
}

/** A js-flavor predictor with the breast-cancer signature: input FP32 [-1, 30] -> probability. */
export function jsPredictor(body: string): { path: string; body: string }[] {
  const manifest = {
    formatVersion: 1,
    flavor: 'js',
    modelFile: 'predictor.mjs',
    signature: {
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    },
  };
  return [
    { path: 'slipway-model.json', body: JSON.stringify(manifest) },
    { path: 'predictor.mjs', body },
  ];
}

/** Answers `value` for every row. */
export const constantPredictor = (value: number) =>
  jsPredictor(`export function predict([x]) {
  const rows = x.shape[0];
  return [{ name: 'probability', datatype: 'FP32', shape: [rows, 1], data: new Float32Array(rows).fill(${value}) }];
}`);

/**
 * Answers `offset + (first feature) / 100` for each row: for an offset of 1 or more, never one of
 * scikit-learn's probabilities (all in [0, 1]), never what another offset answers, and different
 * from row to row, so a reply computed by another model or for another row is told apart by its value.
 */
export const featurePredictor = (offset: number) =>
  jsPredictor(`export function predict([x]) {
  const [rows, columns] = x.shape;
  const data = new Float32Array(rows);
  for (let row = 0; row < rows; row += 1) data[row] = ${offset} + x.data[row * columns] / 100;
  return [{ name: 'probability', datatype: 'FP32', shape: [rows, 1], data }];
}`);

/** What `featurePredictor(offset)` answers for one input row. */
export function featureAnswer(offset: number, row: readonly number[]): number {
  return Math.fround(offset + Math.fround(row[0] ?? Number.NaN) / 100);
}

/** Answers 0.5 for every row, after `delayMs`. */
export const slowPredictor = (delayMs: number) =>
  jsPredictor(`export async function predict([x]) {
  await new Promise((resolve) => setTimeout(resolve, ${delayMs}));
  const rows = x.shape[0];
  return [{ name: 'probability', datatype: 'FP32', shape: [rows, 1], data: new Float32Array(rows).fill(0.5) }];
}`);

/** Fails every request with a plain Error (a server-side failure: 500). */
export const failingPredictor = jsPredictor(`export function predict() {
  throw new Error('this candidate is broken');
}`);

export interface InferReply {
  status: number;
  version: string | null;
  body: {
    id?: string;
    model_name?: string;
    model_version?: string;
    outputs?: { name: string; data: number[]; shape: number[] }[];
    error?: string;
  };
}

export interface DeploymentHarness {
  platform: Platform;
  /** The warnings and errors the platform logged (JSON lines, parsed). */
  logs: Record<string, unknown>[];
  app: FastifyInstance;
  baseUrl: string;
  dataDir: string;
  /** Registers a version from files through the native upload API, as the CLI does. */
  register(
    name: string,
    files: { path: string; body: string | Uint8Array }[],
  ): Promise<ModelVersion>;
  /** The breast-cancer model: as a bare .onnx file, or as a package with a manifest. */
  registerBreastCancer(name: string, packaged: boolean): Promise<ModelVersion>;
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  }>;
  apply(spec: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  infer(
    name: string,
    rows: number[][],
    options?: { id?: string; headers?: Record<string, string>; version?: string },
  ): Promise<InferReply>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Reuse a data directory (to test a restart); it is not removed on close then. */
  dataDir?: string;
  /** Another store than <dataDir>/slipway.db (several servers sharing one). */
  backendStoreUri?: string;
  /** Another artifact store than <dataDir>/artifacts (several servers sharing one). */
  artifactsUri?: string;
  /** The platform's default (2 s) when absent; 0 turns the timer off. */
  deploymentSyncIntervalMs?: number;
  /**
   * Authentication on, with these admin users besides `admin` (password `<name>-password-123`);
   * requests go as `admin` unless they carry their own `authorization` (see `as`).
   */
  users?: string[];
}

/** HTTP Basic credentials of a harness user. */
export function as(username: string): Record<string, string> {
  const secret = Buffer.from(`${username}:${username}-password-123`, 'utf8').toString('base64');
  return { authorization: `Basic ${secret}` };
}

/** The real platform and HTTP app (native API + inference protocol) on a throwaway SQLite. */
export async function openDeploymentHarness(
  options: HarnessOptions = {},
): Promise<DeploymentHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'slipway-deployments-')));
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const authEnabled = options.users !== undefined;
  const platform = await openPlatform({
    logger,
    authEnabled,
    adminPassword: 'admin-password-123',
    backendStoreUri: options.backendStoreUri ?? `sqlite:${join(dataDir, 'slipway.db')}`,
    artifactsUri: options.artifactsUri ?? `file:${join(dataDir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    modelCacheDir: join(dataDir, 'model-cache'),
    workerPoolSize: 1,
    deploymentSyncIntervalMs: options.deploymentSyncIntervalMs,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: 16 * 1024 * 1024,
    artifactLimitBytes: 16 * 1024 * 1024,
    logLevel: 'silent',
    inference: platform.inference,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  for (const username of options.users ?? []) {
    await platform.users.create(
      { username: 'admin', isAdmin: true, via: 'system' },
      { username, password: `${username}-password-123`, isAdmin: true },
    );
  }
  const auth: Record<string, string> = authEnabled ? as('admin') : {};
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const api: DeploymentHarness['api'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string')
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, init);
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
  };

  const register: DeploymentHarness['register'] = async (name, files) => {
    const existing = await api('GET', `/api/v1/models/${encodeURIComponent(name)}`);
    if (existing.status === 404) await api('POST', '/api/v1/models', { name });
    const uploadId = randomUUID();
    for (const file of files) {
      const response = await fetch(
        `${baseUrl}/api/v1/models/${encodeURIComponent(name)}/uploads/${uploadId}/${file.path}`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', ...auth },
          body: file.body,
        },
      );
      if (response.status !== 204) throw new Error(`upload failed: ${await response.text()}`);
    }
    const created = await api('POST', `/api/v1/models/${encodeURIComponent(name)}/versions`, {
      source: modelUploadLocation(name, uploadId).source,
    });
    if (created.status !== 201)
      throw new Error(`create version failed: ${JSON.stringify(created.json)}`);
    return created.json.modelVersion as ModelVersion;
  };

  return {
    platform,
    logs,
    app,
    baseUrl,
    dataDir,
    register,
    async registerBreastCancer(name, packaged) {
      const onnx = new Uint8Array(await readFile(BREAST_CANCER_ONNX));
      const files: { path: string; body: string | Uint8Array }[] = [
        { path: 'model.onnx', body: onnx },
      ];
      if (packaged) {
        const manifest = await buildModelPackage(BREAST_CANCER_ONNX, { name });
        files.push({
          path: 'slipway-model.json',
          body: JSON.stringify({ ...manifest, modelFile: 'model.onnx' }),
        });
      }
      return register(name, files);
    },
    api,
    async apply(spec) {
      const result = await api('POST', '/api/v1/deployments', spec);
      if (result.status !== 200) throw new Error(`apply failed: ${JSON.stringify(result.json)}`);
      return result.json;
    },
    async infer(name, rows, inferOptions = {}) {
      const path =
        inferOptions.version === undefined
          ? `/v2/models/${name}/infer`
          : `/v2/models/${name}/versions/${inferOptions.version}/infer`;
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...inferOptions.headers },
        body: JSON.stringify({
          ...(inferOptions.id === undefined ? {} : { id: inferOptions.id }),
          inputs: [
            { name: 'input', datatype: 'FP32', shape: [rows.length, 30], data: rows.flat() },
          ],
        }),
      });
      return {
        status: response.status,
        version: response.headers.get('x-slipway-model-version'),
        body: (await response.json()) as InferReply['body'],
      };
    },
    async close() {
      try {
        await app.close();
        await platform.close();
      } finally {
        if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * What each model version answers for a golden row (by index), keyed by `<model>/<version>`: a reply
 * is checked against the answers of the version it names, so one routed to the wrong model fails
 * even when its label is right.
 */
export type Answers = Record<string, (row: number) => number>;

/** The breast-cancer ONNX model's answers: scikit-learn's P(benign). */
export const goldenAnswers =
  (golden: Golden) =>
  (row: number): number =>
    golden.expected[row]?.[0] ?? Number.NaN;

/** `featurePredictor(offset)`'s answers for golden rows. */
export const featureAnswers =
  (golden: Golden, offset: number) =>
  (row: number): number =>
    featureAnswer(offset, golden.inputs[row] ?? []);

/** `constantPredictor(value)`'s answer, whatever the row. */
export const constantAnswers = (value: number) => (): number => Math.fround(value);

/**
 * Why `reply` (to the golden rows `rows`, in order) is not a correct answer of the version it names,
 * or undefined when it is: a 200, the same version in the header and the body, a version listed in
 * `answers`, and every output within 1e-5 of that version's answer for its row.
 */
export function wrongAnswer(
  reply: InferReply,
  rows: readonly number[],
  answers: Answers,
): string | undefined {
  if (reply.status !== 200) return `status ${reply.status}: ${JSON.stringify(reply.body)}`;
  if (reply.version !== reply.body.model_version) {
    return `header version ${reply.version} but body version ${reply.body.model_version}`;
  }
  const served = `${reply.body.model_name}/${reply.body.model_version}`;
  const answer = answers[served];
  if (answer === undefined)
    return `served by ${served}, none of ${Object.keys(answers).join(', ')}`;
  const data = reply.body.outputs?.[0]?.data ?? [];
  if (data.length !== rows.length)
    return `${served}: ${data.length} outputs for ${rows.length} rows`;
  for (const [i, row] of rows.entries()) {
    const want = answer(row);
    if (!(Math.abs((data[i] ?? Number.NaN) - want) < 1e-5)) {
      return `labelled ${served} but answered ${data[i]} for row ${row}, where ${served} answers ${want}`;
    }
  }
  return undefined;
}

/**
 * The `<model>/<version>` that answered `reply`, after checking its outputs are that version's
 * answers for `rows` (see wrongAnswer); throws otherwise.
 */
export function servedBy(reply: InferReply, rows: readonly number[], answers: Answers): string {
  const wrong = wrongAnswer(reply, rows, answers);
  if (wrong !== undefined) throw new Error(wrong);
  return `${reply.body.model_name}/${reply.body.model_version}`;
}

/** `count` consecutive golden row indexes from `first`. */
export const rowRange = (first: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => first + i);

/** Largest |actual - expected| over rows of a one-column output. */
export function worstError(actual: readonly number[], expected: readonly number[][]): number {
  return Math.max(
    ...actual.map((value, row) => Math.abs(value - (expected[row]?.[0] ?? Number.NaN))),
  );
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
