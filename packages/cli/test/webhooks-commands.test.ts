import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@slipway/cli';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let receiver: Server;
let base: string;
const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];

/** MLflow's receiver check: `v1,` + base64 HMAC-SHA256 of "{delivery id}.{timestamp}.{body}". */
function signedWith(secret: string, r: { headers: IncomingHttpHeaders; body: string }): boolean {
  const id = String(r.headers['x-mlflow-delivery-id']);
  const timestamp = String(r.headers['x-mlflow-timestamp']);
  const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.${r.body}`);
  return r.headers['x-mlflow-signature'] === `v1,${expected.digest('base64')}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-webhooks-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, HOOK_SECRET: 'from-the-env' };
  // /ok answers 200, /down 503.
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url === '/ok' ? 200 : 503;
      res.end(req.url === '/ok' ? 'thanks' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** `slipway ...` with `stdin` as its standard input. */
async function withStdin(args: string[], stdin: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'slipway', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stdin: (async function* () {
      yield stdin;
    })(),
  });
  return { code, stdout, stderr };
}

describe('slipway webhooks', () => {
  it('creates, lists, gets, tests, updates, logs and deletes a webhook', async () => {
    const created = await runCli(
      [
        'webhooks',
        'create',
        '--name',
        'ci',
        '--webhook-url',
        `${base}/ok`,
        '--event',
        'model_version.created',
        '--event',
        'model_version_alias.created',
        '--secret-env',
        'HOOK_SECRET',
        '--description',
        'tells CI',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created webhook 'ci' \(\w+, ACTIVE, signed\)/u);
    expect(created.stdout).not.toContain('from-the-env');

    const [hook] = (await runJson(['webhooks', 'list'], env)).webhooks;
    expect(hook).toMatchObject({
      name: 'ci',
      url: `${base}/ok`,
      events: ['model_version.created', 'model_version_alias.created'],
      description: 'tells CI',
      status: 'ACTIVE',
    });
    expect(hook).not.toHaveProperty('secret');
    const id: string = hook.id;
    const list = await runCli(['webhooks', 'list'], env);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID +NAME +STATUS +URL +EVENTS$/u);
    expect(list.stdout).toContain(`${id}  ci    ACTIVE  ${base}/ok`);
    expect((await runCli(['webhooks', 'get', id], env)).stdout).toContain(
      'events:      model_version.created, model_version_alias.created',
    );

    const tested = await runCli(['webhooks', 'test', id], env);
    expect(tested).toEqual({ code: 0, stdout: 'HTTP 200\nthanks\n', stderr: '' });
    const delivery = received.at(-1)!;
    expect(signedWith('from-the-env', delivery)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ entity: 'model_version', action: 'created' });

    // A receiver that fails: its status and body are shown, and the exit code says so.
    await runJson(['webhooks', 'update', id, '--webhook-url', `${base}/down`], env);
    const down = await runCli(
      ['webhooks', 'test', id, '--event', 'model_version_alias.created'],
      env,
    );
    expect(down).toEqual({
      code: 1,
      stdout: 'HTTP 503\ndown for maintenance\n',
      stderr: 'error: The receiver answered HTTP 503, not 2xx.\n',
    });
    const downJson = await runCli(['webhooks', 'test', id, '--json'], env);
    expect(downJson.code).toBe(1);
    expect(JSON.parse(downJson.stdout)).toEqual({
      success: false,
      responseStatus: 503,
      responseBody: 'down for maintenance',
    });

    // A new secret from stdin, never from the command line.
    const rotated = await withStdin(
      ['webhooks', 'update', id, '--secret-stdin', '--webhook-url', `${base}/ok`],
      'from-stdin\nignored\n',
    );
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toContain(`Updated webhook 'ci' (${id})`);
    expect((await runCli(['webhooks', 'test', id], env)).code).toBe(0);
    expect(signedWith('from-stdin', received.at(-1)!)).toBe(true);

    const log = await runCli(['webhooks', 'deliveries', id], env);
    const lines = log.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME +EVENT +ATTEMPT +RESULT +NEXT ATTEMPT +DELIVERY$/u);
    expect(lines.slice(1).map((l) => l.split(/ {2,}/u).slice(1, 5))).toEqual([
      ['model_version.created', '1', 'HTTP 200', '-'],
      ['model_version.created', '1', 'HTTP 503', '-'],
      ['model_version_alias.created', '1', 'HTTP 503', '-'],
      ['model_version.created', '1', 'HTTP 200', '-'],
    ]);
    const page = await runJson(['webhooks', 'deliveries', id, '--max-results', '1'], env);
    expect(page.deliveries).toHaveLength(1);
    expect(page.deliveries[0]).toMatchObject({ webhookId: id, attempt: 1, statusCode: 200 });
    expect(page.nextPageToken).toEqual(expect.any(String));

    const disabled = await runJson(
      ['webhooks', 'update', id, '--status', 'disabled', '--remove-secret'],
      env,
    );
    expect(disabled.status).toBe('DISABLED');

    expect(await runCli(['webhooks', 'delete', id], env)).toEqual({
      code: 0,
      stdout: `Deleted webhook ${id}\n`,
      stderr: '',
    });
    const gone = await runCli(['webhooks', 'get', id], env);
    expect(gone).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Webhook with ID ${id} not found.\n`,
    });
    expect((await runCli(['webhooks', 'list'], env)).stdout).toBe('No webhooks.\n');
  });

  it('refuses bad input with a message and a non-zero exit code', async () => {
    const create = (...extra: string[]) =>
      runCli(['webhooks', 'create', '--name', 'bad', '--webhook-url', `${base}/ok`, ...extra], env);

    // The server's message, exit 1.
    expect(await create('--event', 'model_version.updated')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "error: Invalid action 'updated' for entity 'model_version'. Valid actions are: ['created']\n",
    });
    const badUrl = await runCli(
      [
        'webhooks',
        'create',
        '--name',
        'bad',
        '--webhook-url',
        'ftp://x/y',
        '--event',
        'model_version.created',
      ],
      env,
    );
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toBe("error: Invalid webhook URL scheme 'ftp': use http or https.\n");

    // Usage errors, exit 2: no secret as a plain flag, and the secret's source must make sense.
    const plain = await create('--event', 'model_version.created', '--secret', 'hunter2');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("unknown option '--secret'");
    const unset = await create('--event', 'model_version.created', '--secret-env', 'NOPE');
    expect(unset).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --secret-env NOPE: that environment variable is not set or is empty.\n',
    });
    const both = await withStdin(
      [
        'webhooks',
        'create',
        '--name',
        'bad',
        '--webhook-url',
        `${base}/ok`,
        '--event',
        'model_version.created',
        '--secret-env',
        'HOOK_SECRET',
        '--secret-stdin',
      ],
      's\n',
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    expect((await create()).code).toBe(2);
    const status = await runCli(['webhooks', 'update', 'x', '--status', 'paused'], env);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('Expected active or disabled.');
    const nothing = await runCli(['webhooks', 'update', 'x'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Nothing to change');

    expect((await runJson(['webhooks', 'list'], env)).webhooks).toEqual([]);
  });
});
