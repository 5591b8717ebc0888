import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Caller, Permission } from '@slipway/core';
import { buildHttpApp, openPlatform } from '@slipway/server';
import { ADMIN_PASSWORD } from '../native/native-harness.js';
import type { CallResult, NativeHarness } from '../native/native-harness.js';

/** Who acts when a test sets up users directly on the platform. */
export const SYSTEM_ADMIN: Caller = { username: 'admin', isAdmin: true, via: 'system' };

/** The password every fixture user gets (what `as(name)` of the harnesses sends). */
export function passwordOf(username: string): string {
  return `${username}-password-123`;
}

export interface AccessHarnessOptions {
  /** Non-admin users besides the admin `admin` (password `<name>-password-123`). */
  users: string[];
  /** What users get on resources they hold no permission on (the server's default: READ). */
  defaultPermission?: Permission;
  /** Another store than a fresh SQLite file (e.g. a PostgreSQL database of sql-backends.ts). */
  backendStoreUri?: string;
}

/**
 * A real platform with authentication on behind the real HTTP app (native and MLflow APIs), in
 * process, shaped as the native harness so its `call` works. Requests without their own
 * `authorization` go as the admin.
 */
export async function openAccessHarness(options: AccessHarnessOptions): Promise<NativeHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-access-'));
  const platform = await openPlatform({
    authEnabled: true,
    adminPassword: ADMIN_PASSWORD,
    backendStoreUri: options.backendStoreUri ?? `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 4,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    ...(options.defaultPermission === undefined
      ? {}
      : { defaultPermission: options.defaultPermission }),
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: 1024 * 1024,
    artifactLimitBytes: 1024 * 1024,
    logLevel: 'silent',
  });
  await app.ready();
  for (const username of options.users) {
    await platform.users.create(SYSTEM_ADMIN, {
      username,
      password: passwordOf(username),
      isAdmin: false,
    });
  }
  return {
    app,
    platform,
    dir,
    defaultHeaders: { authorization: basic('admin', ADMIN_PASSWORD) },
    async close() {
      await app.close();
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * A refusal for want of a permission: 403 PERMISSION_DENIED whose message names the level needed
 * (and, when given, the level held), so a user learns what to ask for.
 */
export function expectDenied(res: CallResult, needed: Permission, held?: Permission): void {
  expect(res.status, JSON.stringify(res.json)).toBe(403);
  expect(res.json.error.code).toBe('PERMISSION_DENIED');
  expect(res.json.error.message).toContain(`needs ${needed}`);
  if (held !== undefined) {
    expect(res.json.error.message).toContain(`has ${held}`);
    expect(res.json.error.details).toMatchObject({ needed, held });
  }
}

export interface MlflowReply {
  status: number;
  // Test code inspects arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * A call to MLflow's REST API (`path` below /api/2.0/mlflow) as `auth` (an Authorization value;
 * the admin's when absent): GET sends `body` as the query string, other methods as JSON.
 */
export async function mlflowCall(
  h: NativeHarness,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: Record<string, unknown>,
  auth?: string,
): Promise<MlflowReply> {
  const headers: Record<string, string> = {
    authorization: auth ?? (h.defaultHeaders.authorization as string),
  };
  const inject: InjectOptions = { method, url: `/api/2.0/mlflow${path}`, headers };
  if (method === 'GET') {
    inject.query = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)]));
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    inject.payload = JSON.stringify(body);
  }
  const response = await h.app.inject(inject);
  const text = response.body;
  return { status: response.statusCode, json: text === '' ? undefined : JSON.parse(text) };
}

/** Every page of a paged native search, following nextPageToken; fails on a runaway loop. */
export async function allPages<T>(
  page: (pageToken: string | undefined) => Promise<{ items: T[]; nextPageToken?: string }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const next = await page(token);
    pages.push(next.items);
    token = next.nextPageToken;
    if (pages.length > 50) throw new Error('paging did not end');
  } while (token !== undefined);
  return pages;
}
