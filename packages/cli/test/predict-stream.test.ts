import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { SlipwayClient } from '@slipway/sdk';
import type { DeploymentView } from '@slipway/core';
import { servingModelUri } from '../src/commands/stream-command.js';
import { runCli } from './cli-harness.js';
import { golden, registerPackage, writePackage } from './predict-fixtures.js';
import type { Golden } from './predict-fixtures.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let g: Golden;
let redis: Redis;
let client: SlipwayClient;
const keys: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-stream-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, SLIPWAY_CACHE_DIR: join(dir, 'cache') };
  client = new SlipwayClient({ baseUrl: server.url });
  await writePackage(join(dir, 'pkg'));
  await registerPackage(client, 'bc', join(dir, 'pkg'));
  g = await golden();
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
});
afterAll(async () => {
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function request(i: number): string {
  const row = g.inputs[i] as number[];
  return JSON.stringify({
    id: `q${i}`,
    dataframe_split: { columns: g.columns, data: [row] },
  });
}

async function streamOnce(
  args: string[],
): Promise<{ replies: Record<string, unknown>[]; stdout: string }> {
  const base = `slipway:cli:${randomUUID().slice(0, 8)}`;
  keys.push(`${base}:in`, `${base}:out`);
  for (let i = 0; i < 3; i += 1) await redis.xadd(`${base}:in`, '*', 'data', request(i));
  const result = await runCli(
    [
      'stream',
      ...args,
      '--source',
      `redis://127.0.0.1:6379/${base}:in`,
      '--sink',
      `redis://127.0.0.1:6379/${base}:out`,
      '--max-messages',
      '3',
      '--json',
    ],
    env,
  );
  expect(result.code, result.stderr).toBe(0);
  const entries = await redis.xrange(`${base}:out`, '-', '+');
  return {
    replies: entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1] as string)),
    stdout: result.stdout,
  };
}

function expectReplies(replies: Record<string, unknown>[], name: string): void {
  expect(replies.map((reply) => reply.id).sort()).toEqual(['q0', 'q1', 'q2']);
  for (const reply of replies) {
    const i = Number(String(reply.id).slice(1));
    expect(reply).toMatchObject({ model_name: name, model_version: '1' });
    const [value] = reply.predictions as number[];
    expect(Math.abs((value as number) - (g.expected[i]?.[0] ?? NaN))).toBeLessThan(1e-5);
  }
}

describe('slipway stream', () => {
  it('answers requests from a Redis stream with a registry model, then stops', async () => {
    const { replies, stdout } = await streamOnce([
      '--deployment',
      'bc-stream',
      '--model',
      'models:/bc@champion',
    ]);
    expectReplies(replies, 'bc-stream');
    expect(JSON.parse(stdout)).toMatchObject({
      deployment: 'bc-stream',
      answered: 3,
      errorReplies: 0,
    });
  });

  it('answers requests from a NATS JetStream subject', async () => {
    const nc = await connect({ servers: '127.0.0.1:4222' });
    const jsm = await nc.jetstreamManager();
    const base = `slipway.cli.${randomUUID().slice(0, 8)}`;
    const streams = [`CLI_IN_${randomUUID().slice(0, 8)}`, `CLI_OUT_${randomUUID().slice(0, 8)}`];
    try {
      await jsm.streams.add({ name: streams[0], subjects: [`${base}.in`] });
      await jsm.streams.add({ name: streams[1], subjects: [`${base}.out`] });
      const js = nc.jetstream();
      for (let i = 0; i < 3; i += 1) await js.publish(`${base}.in`, request(i));
      const result = await runCli(
        [
          'stream',
          '--deployment',
          'bc-nats',
          '--model',
          'models:/bc/1',
          '--source',
          `nats://127.0.0.1:4222/${base}.in`,
          '--sink',
          `nats://127.0.0.1:4222/${base}.out`,
          '--max-messages',
          '3',
        ],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('Answered 3 requests (0 with errors, 0 retried).\n');
      expect(result.stderr).toContain('Answering nats://127.0.0.1:4222/');
      const replies: Record<string, unknown>[] = [];
      for (let seq = 1; seq <= 3; seq += 1) {
        const stored = await jsm.streams.getMessage(streams[1] as string, { seq });
        replies.push(JSON.parse(new TextDecoder().decode(stored.data)));
      }
      expectReplies(replies, 'bc-nats');
    } finally {
      for (const name of streams) await jsm.streams.delete(name).catch(() => undefined);
      await nc.close();
    }
  });

  it("runs a deployment's current model when no --model is given", async () => {
    await client.deployments.apply({
      name: 'bcdep',
      policy: { type: 'single', model: 'models:/bc@champion' },
    });
    const { replies } = await streamOnce(['--deployment', 'bcdep']);
    expectReplies(replies, 'bcdep');
  });

  it('picks the variant taking most traffic, never a shadow challenger', () => {
    const variant = (id: string, version: string, trafficPercent: number) => ({
      id,
      model: `models:/m/${version}`,
      resolved: { name: 'm', version },
      trafficPercent,
    });
    const canary = {
      name: 'd',
      policy: 'canary',
      variants: [variant('stable', '1', 90), variant('candidate', '2', 10)],
    };
    expect(servingModelUri(canary as unknown as DeploymentView)).toBe('models:/m/1');
    const shadow = {
      name: 'd',
      policy: 'shadow',
      variants: [variant('primary', '3', 100), variant('challenger', '4', 100)],
    };
    expect(servingModelUri(shadow as unknown as DeploymentView)).toBe('models:/m/3');
  });
});
