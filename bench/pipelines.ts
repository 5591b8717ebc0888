// Pipeline benchmarks (issue 11): overhead per step (cached, in-process uncached, over the queue)
// against the bare cost of starting the same command with child_process; a 1,000-step fan-out with
// 1 and 2 workers; adding a 1 GB dataset version against `sha256sum` plus `cp` of the same file.
// Everything goes through the built CLI against a real server process (embedded SQLite).
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startServerProcess } from './server-process.js';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../packages/cli/bin/slipway.js');
const CHAIN = Number(process.env.BENCH_PIPELINE_CHAIN ?? 100);
const FAN_OUT = Number(process.env.BENCH_PIPELINE_FANOUT ?? 1000);
const DATASET_MB = Number(process.env.BENCH_DATASET_MB ?? 1024);
const REDIS = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Wall time of an async action, in milliseconds. */
async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** The floor: start `sh -c true` n times one after another, as a step's command would be. */
async function bareSpawns(n: number): Promise<number> {
  return timed(async () => {
    for (let i = 0; i < n; i += 1) await run('sh', ['-c', 'true']);
  });
}

function writeChain(dir: string, n: number): string {
  const steps = Array.from({ length: n }, (_, i) =>
    [`  - name: s${i}`, `    run: "true"`, ...(i > 0 ? [`    needs: [s${i - 1}]`] : [])].join('\n'),
  );
  const file = join(dir, `chain-${n}.yaml`);
  writeFileSync(file, `name: bench-chain-${n}\nsteps:\n${steps.join('\n')}\n`);
  return file;
}

function writeFanOut(dir: string, n: number): string {
  const file = join(dir, `fan-${n}.yaml`);
  const items = Array.from({ length: n }, (_, i) => i).join(', ');
  writeFileSync(
    file,
    `name: bench-fan-${n}\nparams: { items: [${items}] }\nsteps:\n  - name: work\n    foreach: \${params.items}\n    run: "true"\n  - name: gather\n    needs: [work]\n    run: "true"\n`,
  );
  return file;
}

async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; ms: number }> {
  const start = performance.now();
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 64 * 2 ** 20,
  });
  return { stdout, ms: performance.now() - start };
}

function startWorker(env: Record<string, string>, concurrency: number): ChildProcess {
  return spawn(
    process.execPath,
    [CLI, 'worker', '--queue', REDIS, '--concurrency', String(concurrency)],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } },
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((res) => {
          if (w.exitCode !== null) return res();
          w.once('exit', () => res());
          w.kill('SIGTERM');
        }),
    ),
  );
}

/** Writes `mb` MiB of random bytes, so no layer below can compress or deduplicate them. */
async function writeRandomFile(file: string, mb: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const chunk = randomBytes(2 ** 20);
    for (let i = 0; i < mb; i += 1) {
      chunk[0] = i & 0xff; // a different chunk each MiB
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

export async function runPipelinesBench(work: string): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const server = await startServerProcess(`sqlite:${join(work, 'slipway.db')}`, join(work, 'data'));
  const env = { SLIPWAY_URL: server.url, SLIPWAY_QUEUE_PREFIX: `bench-${process.pid}` };
  try {
    console.log(`\n== pipelines (server ${server.url}, embedded SQLite)`);
    const bare = (await bareSpawns(CHAIN)) / CHAIN;
    console.log(`bare child_process spawn of "sh -c true": ${ms(bare)} per command`);

    // A 1-step pipeline gives the fixed cost (CLI start, plan, run record); the chain's extra steps
    // divided by their number is the per-step cost.
    const one = writeChain(work, 1);
    const chain = writeChain(work, CHAIN);
    const fixed = (await cli(['pipelines', 'run', one, '--force', '--json'], env)).ms;
    const uncached = (await cli(['pipelines', 'run', chain, '--force', '--json'], env)).ms;
    const perStep = (uncached - fixed) / (CHAIN - 1);
    console.log(
      `in-process, uncached  : ${ms(perStep)} per step (${CHAIN} steps in a chain, ${ms(uncached)}), overhead ${ms(perStep - bare)} over the bare spawn (${(perStep / bare).toFixed(2)}x)`,
    );
    const fixedCached = (await cli(['pipelines', 'run', one, '--json'], env)).ms;
    const cached = (await cli(['pipelines', 'run', chain, '--json'], env)).ms;
    const perCached = (cached - fixedCached) / (CHAIN - 1);
    console.log(`in-process, cached    : ${ms(perCached)} per step (${ms(cached)} in all)`);

    const fan = writeFanOut(work, FAN_OUT);
    const fanIn = (await cli(['pipelines', 'run', fan, '--force', '--json'], env)).ms;
    console.log(
      `fan-out ${FAN_OUT} in-process (2 at a time): ${ms(fanIn)} to finish, ${ms(fanIn / (FAN_OUT + 1))} per step`,
    );

    if (process.env.BENCH_PIPELINE_QUEUE !== 'off') {
      for (const workers of [1, 2]) {
        const procs = Array.from({ length: workers }, () => startWorker(env, 1));
        try {
          await new Promise((r) => setTimeout(r, 1500)); // workers connect to Redis
          const queued = (
            await cli(['pipelines', 'run', chain, '--force', '--json', '--queue', REDIS], env)
          ).ms;
          const perQueued = (queued - fixed) / (CHAIN - 1);
          console.log(
            `queue, ${workers} worker(s), chain: ${ms(perQueued)} per step, overhead ${ms(perQueued - bare)} over the bare spawn`,
          );
          const fanQ = (
            await cli(['pipelines', 'run', fan, '--force', '--json', '--queue', REDIS], env)
          ).ms;
          console.log(
            `queue, ${workers} worker(s), fan-out ${FAN_OUT}: ${ms(fanQ)} to finish, ${ms(fanQ / (FAN_OUT + 1))} per step`,
          );
        } finally {
          await stopWorkers(procs);
        }
      }
    }

    const file = join(work, 'big.bin');
    await writeRandomFile(file, DATASET_MB);
    const floor = await timed(async () => {
      await run('sha256sum', [file]);
      await run('cp', [file, join(work, 'big-copy.bin')]);
    });
    rmSync(join(work, 'big-copy.bin'), { force: true });
    const add = (await cli(['datasets', 'add', 'bench-big', file, '--json'], env)).ms;
    const mbps = (t: number) => (DATASET_MB / (t / 1000)).toFixed(0);
    console.log(
      `dataset add ${DATASET_MB} MiB: ${ms(add)} (${mbps(add)} MiB/s); sha256sum + cp: ${ms(floor)} (${mbps(floor)} MiB/s); ratio ${(add / floor).toFixed(2)}x`,
    );
  } finally {
    await server.stop();
  }
}
