import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnListening } from '../support/spawn-listening.js';

const SCRIPT = fileURLToPath(new URL('./server-child.ts', import.meta.url));

/** Starts the server in its own process (so it can be killed with SIGKILL) and waits for its URL. */
export function spawnServer(
  backendStoreUri: string,
  artifactsDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  return spawnListening(SCRIPT, [backendStoreUri, artifactsDir], 30_000);
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
