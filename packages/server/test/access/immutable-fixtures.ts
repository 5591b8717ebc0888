import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { ModelVersion } from '@slipway/core';
import { as } from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness } from '../deployments/support/deployment-harness.js';

export interface VersionFile {
  path: string;
  body: string | Uint8Array;
}

/**
 * The digest the ADR documents, computed here from the bytes rather than with the server's own
 * helper: SHA-256 over `path NUL sha256hex LF` per file, sorted by path (UTF-16 code units).
 */
export function expectedDigest(files: readonly VersionFile[]): string {
  const lines = files
    .map((file) => ({
      path: file.path,
      sha256: createHash('sha256')
        .update(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body)
        .digest('hex'),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => `${entry.path}\u0000${entry.sha256}\n`);
  return `sha256:${createHash('sha256').update(lines.join(''), 'utf8').digest('hex')}`;
}

export interface RawReply {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A request as the admin, with a raw body (artifact uploads) and the reply's text kept. */
export async function raw(
  h: DeploymentHarness,
  method: string,
  path: string,
  body?: string | Uint8Array,
): Promise<RawReply> {
  const init: RequestInit = { method, headers: { ...as('admin') } };
  if (body !== undefined) {
    init.body = body;
    (init.headers as Record<string, string>)['content-type'] = 'application/octet-stream';
  }
  const response = await fetch(`${h.baseUrl}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** The MLflow artifact proxy's URL of a store-relative path. */
/** The artifact proxy URL of a store path, each segment percent-encoded as a client sends it. */
export const proxy = (path: string) =>
  `/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;

/** A JSON call to MLflow's REST API (`path` relative to /api/2.0/mlflow); fails unless 200. */
export async function mlflow(
  h: DeploymentHarness,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> /* eslint-disable-line @typescript-eslint/no-explicit-any */ {
  const reply = await h.api(method, `/api/2.0/mlflow${path}`, body);
  if (reply.status !== 200) {
    throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.json)}`);
  }
  return reply.json;
}

/** The upload id in a version's `mlflow-artifacts:/models/<name>/<uploadId>` source. */
export function uploadIdOf(source: string): string {
  const id = /^mlflow-artifacts:\/models\/.+\/([A-Za-z0-9_-]{8,64})$/u.exec(source)?.[1];
  if (id === undefined) throw new Error(`not an upload source: ${source}`);
  return id;
}

/** A version as the native API shows it. */
export async function getVersion(
  h: DeploymentHarness,
  name: string,
  version: string,
): Promise<ModelVersion> {
  const got = await h.api('GET', `/api/v1/models/${encodeURIComponent(name)}/versions/${version}`);
  expect(got.status, JSON.stringify(got.json)).toBe(200);
  return got.json.modelVersion as ModelVersion;
}

/** The stored bytes of a version's file, through the registry (not the artifact path). */
export async function versionFile(
  h: DeploymentHarness,
  name: string,
  version: string,
  path: string,
): Promise<RawReply> {
  const query = new URLSearchParams({ name, version, path }).toString();
  return raw(h, 'GET', `/model-versions/get-artifact?${query}`);
}

/** Every file of the version is still there, byte for byte. */
export async function expectFiles(
  h: DeploymentHarness,
  name: string,
  version: string,
  files: readonly VersionFile[],
): Promise<void> {
  for (const file of files) {
    const got = await versionFile(h, name, version, file.path);
    expect(got.status, `${file.path}: ${got.text}`).toBe(200);
    expect(got.text).toBe(file.body);
  }
}

type Reply = Pick<RawReply, 'status' | 'json'>;

/** The native refusal: 412 FAILED_PRECONDITION naming the model and version. */
export function expectRefusedNative(reply: Reply, name: string, version: string): void {
  expect(reply.status, JSON.stringify(reply.json)).toBe(412);
  expect(reply.json.error.code).toBe('FAILED_PRECONDITION');
  expect(reply.json.error.message).toContain(`model '${name}' version ${version}`);
  expect(reply.json.error.details).toMatchObject({ model: name, version });
}

/** The same refusal in MLflow's shape (FAILED_PRECONDITION -> 400 INVALID_STATE). */
export function expectRefusedMlflow(reply: Reply, name: string, version: string): void {
  expect(reply.status, JSON.stringify(reply.json)).toBe(400);
  expect(reply.json.error_code).toBe('INVALID_STATE');
  expect(reply.json.message).toContain(`model '${name}' version ${version}`);
}
