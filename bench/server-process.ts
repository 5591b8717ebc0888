import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const CLI = resolve(import.meta.dirname, '../packages/cli/bin/slipway.js');

/** The real server from the built CLI, in its own process so load generation does not share its loop. */
export async function startServerProcess(
  backendStoreUri: string,
  dataDir: string,
  extra: { args?: string[]; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  if (!existsSync(resolve(import.meta.dirname, '../packages/cli/dist/index.js'))) {
    throw new Error('The CLI is not built: run `npm run build` first.');
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(extra.nodeArgs ?? []),
      CLI,
      'server',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--backend-store-uri',
      backendStoreUri,
      ...(extra.args ?? []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SLIPWAY_LOG_LEVEL: 'warn', ...extra.env },
    },
  );
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[^\s]+)/u.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`server exited early (${String(code)}): ${out}`)));
  });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}
