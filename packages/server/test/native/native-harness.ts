import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { errorBodySchema, httpStatusFor } from '@slipway/core';
import type { RouteSpec } from '@slipway/core';
import { buildHttpApp, openPlatform } from '@slipway/server';
import type { Platform } from '@slipway/server';
import { expect } from 'vitest';

export interface NativeHarness {
  app: FastifyInstance;
  platform: Platform;
  dir: string;
  /** Sent with every call that has no `authorization` of its own (the admin's, with auth on). */
  defaultHeaders: Record<string, string>;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-password-123';

/** HTTP Basic credentials of a harness user (password `<name>-password-123`). */
export function as(username: string): Record<string, string> {
  const secret = Buffer.from(`${username}:${username}-password-123`, 'utf8').toString('base64');
  return { authorization: `Basic ${secret}` };
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  payload?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  // Test code inspects arbitrary JSON; the contract check below guards its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  raw: Buffer;
  headers: Record<string, unknown>;
}

/** A real platform (SQLite file + local artifact directory) behind the real HTTP app, in-process. */
export async function openNativeHarness(
  limits: {
    bodyLimitBytes?: number;
    artifactLimitBytes?: number;
    /** Authentication on, with these users besides the admin (see `as`); admins with `admins`. */
    users?: string[];
    admins?: boolean;
  } = {},
): Promise<NativeHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-native-'));
  const authEnabled = limits.users !== undefined;
  const platform = await openPlatform({
    authEnabled,
    adminPassword: ADMIN_PASSWORD,
    backendStoreUri: `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 4,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: limits.bodyLimitBytes ?? 1024 * 1024,
    artifactLimitBytes: limits.artifactLimitBytes ?? 1024 * 1024,
    logLevel: 'silent',
  });
  await app.ready();
  for (const username of limits.users ?? []) {
    await platform.users.create(
      { username: 'admin', isAdmin: true, via: 'system' },
      { username, password: `${username}-password-123`, isAdmin: limits.admins ?? false },
    );
  }
  return {
    app,
    platform,
    dir,
    defaultHeaders: authEnabled
      ? { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` }
      : {},
    async close() {
      await app.close();
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Builds the URL of a contract route, percent-encoding each parameter as a client must. */
export function urlFor(route: RouteSpec, options: CallOptions = {}): string {
  let path = route.path.replace(/\{(\w+)(\*?)\}/gu, (_m, name: string, star: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return star ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  const qs = search.toString();
  if (qs) path += `?${qs}`;
  return path;
}

/**
 * Calls a route and checks the response against the contract: a success must parse with the
 * route's response schema, an error must have the native error shape and the status of its code.
 */
export async function call(
  harness: NativeHarness,
  route: RouteSpec,
  options: CallOptions = {},
): Promise<CallResult> {
  const inject: InjectOptions = {
    method: route.method,
    url: urlFor(route, options),
    headers: { ...harness.defaultHeaders, ...options.headers },
  };
  if (options.body !== undefined) {
    inject.payload = JSON.stringify(options.body);
    inject.headers = {
      'content-type': 'application/json',
      ...harness.defaultHeaders,
      ...options.headers,
    };
  } else if (options.payload !== undefined) {
    inject.payload = options.payload;
  }
  const response = await harness.app.inject(inject);
  const raw = response.rawPayload;
  const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
  const json: unknown = isJson && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
  if (response.statusCode < 400) {
    expect(response.statusCode).toBe(route.status);
    if (route.response && route.response !== 'binary') route.response.parse(json);
  } else {
    expectErrorShape(response.statusCode, json);
  }
  return { status: response.statusCode, json, raw, headers: response.headers };
}

export function expectErrorShape(status: number, json: unknown): void {
  const parsed = errorBodySchema.parse(json);
  expect(status).toBe(httpStatusFor(parsed.error.code));
}
