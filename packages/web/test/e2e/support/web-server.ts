import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SlipwayClient } from '@slipway/sdk';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/slipway.js');

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'admin-password-for-e2e';

export interface WebServerOptions {
  /** Authentication on, with the admin ADMIN_USER / ADMIN_PASSWORD. Default: off. */
  auth?: boolean;
  /** More `slipway server` flags. */
  args?: string[];
}

export interface WebServer {
  url: string;
  /** A client with the admin's credentials (or none, with auth off), to create data. */
  admin: SlipwayClient;
  output(): string;
  stop(): Promise<void>;
}

/** e2e tests drive the built CLI and the built UI; say how to build them rather than fail later. */
function assertBuilt(): void {
  const missing = [
    'packages/cli/dist/index.js',
    'packages/server/dist/index.js',
    'packages/web/dist/app/index.html',
  ].filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) {
    throw new Error(
      `The browser tests need the built server and UI, but these are missing: ${missing.join(', ')}. Run \`npm run build\` first.`,
    );
  }
}

/**
 * Starts the real server (`slipway server`, the built CLI) on a free port with a fresh data
 * directory, as a user would, and waits until it answers.
 */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  assertBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'slipway-web-e2e-'));
  const args = [BIN, 'server', '--port', '0', '--data-dir', dataDir];
  args.push('--auth', options.auth === true ? 'on' : 'off', '--log-level', 'warn');
  const child = spawn(process.execPath, [...args, ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...(options.auth === true
        ? { SLIPWAY_ADMIN_USER: ADMIN_USER, SLIPWAY_ADMIN_PASSWORD: ADMIN_PASSWORD }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let url: string;
  try {
    url = await listeningUrl(child, () => output, exited);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const admin = new SlipwayClient({
    baseUrl: url,
    ...(options.auth === true ? { username: ADMIN_USER, password: ADMIN_PASSWORD } : {}),
  });
  return {
    url,
    admin,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess, output: () => string, exited: Promise<void>) {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 30_000);
    child.stdout?.on('data', () => {
      const match = /Slipway server listening on (http:\/\/\S+)/u.exec(output());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${output()}`));
    });
  });
}
