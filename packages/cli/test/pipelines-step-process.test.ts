import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStepProcess } from '../src/pipelines/step-process.js';
import type { LogStream } from '../src/pipelines/step-process.js';
import { LogBatcher } from '../src/pipelines/log-batcher.js';
import type { LogEntry } from '../src/pipelines/log-batcher.js';

let dir: string;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-step-process-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function collect() {
  const lines: Array<[LogStream, string]> = [];
  return { lines, onLine: (stream: LogStream, text: string) => lines.push([stream, text]) };
}

/** True when the process is gone (or a zombie nobody has reaped yet). */
async function gone(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('runStepProcess', () => {
  it('runs a shell line in its directory with its environment, streaming lines in order', async () => {
    const out = collect();
    const result = await runStepProcess({
      command: 'pwd; echo "$GREETING"; echo oops >&2; printf "a\\r\\nno newline"',
      cwd: dir,
      env: { ...env, GREETING: 'hello there' },
      onLine: out.onLine,
    });
    expect(result).toEqual({ status: 'succeeded', exitCode: 0 });
    const stdout = out.lines.filter(([s]) => s === 'stdout').map(([, t]) => t);
    expect(stdout).toEqual([dir, 'hello there', 'a', 'no newline']);
    expect(out.lines).toContainEqual(['stderr', 'oops']);
  });

  it('reports a non-zero exit', async () => {
    const result = await runStepProcess({ command: 'exit 3', cwd: dir, env, onLine: () => {} });
    expect(result).toEqual({ status: 'failed', exitCode: 3, error: 'exit 3' });
  });

  it('stops the whole process group on timeout', async () => {
    const pidFile = join(dir, 'background.pid');
    const result = await runStepProcess({
      command: `sleep 60 & echo $! > ${pidFile}; wait`,
      cwd: dir,
      env,
      timeoutMs: 300,
      onLine: () => {},
    });
    expect(result.status).toBe('failed');
    expect(result.error).toBe('timed out after 300ms');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(await gone(pid)).toBe(true);
  });

  it('kills a step that ignores SIGTERM after the grace period', async () => {
    const result = await runStepProcess({
      command: "trap '' TERM; echo ready; while true; do sleep 1; done",
      cwd: dir,
      env,
      timeoutMs: 300,
      killGraceMs: 200,
      onLine: () => {},
    });
    expect(result.status).toBe('failed');
    expect(result.error).toBe('timed out after 300ms');
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    const out = collect();
    const running = runStepProcess({
      command: 'echo started; sleep 60',
      cwd: dir,
      env,
      signal: controller.signal,
      onLine: (stream, text) => {
        out.onLine(stream, text);
        if (text === 'started') controller.abort();
      },
    });
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(out.lines).toEqual([['stdout', 'started']]);
  });

  it('fails a command that cannot start in a missing directory', async () => {
    const result = await runStepProcess({
      command: 'true',
      cwd: join(dir, 'missing'),
      env,
      onLine: () => {},
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/could not start/u);
  });
});

describe('LogBatcher', () => {
  it('sends lines in order in bounded batches and notes dropped ones', async () => {
    const batches: LogEntry[][] = [];
    let release: () => void = () => {};
    let blocked = true;
    const batcher = new LogBatcher({
      send: async (entries) => {
        batches.push(entries);
        if (blocked) await new Promise<void>((done) => (release = done));
      },
      onError: () => {},
      intervalMs: 5,
      maxBatchChars: 10,
      maxPendingChars: 30,
    });
    batcher.add('stdout', 'first-line');
    await new Promise((done) => setTimeout(done, 20));
    // The first batch is in flight and blocked: these wait, and those over the bound are dropped.
    for (let i = 0; i < 10; i += 1) batcher.add('stdout', `line-${i}xx`);
    blocked = false;
    release();
    await batcher.flush();
    const texts = batches.flat().map((e) => e.text);
    expect(texts.slice(0, 4)).toEqual(['first-line', 'line-0xx', 'line-1xx', 'line-2xx']);
    expect(texts.at(-1)).toMatch(/^\[7 log line\(s\) dropped/u);
    expect(
      batches.every((b) => b.reduce((n, e) => n + e.text.length, 0) <= 10 || b.length === 1),
    ).toBe(true);
  });

  it('reports a failed send once and goes on', async () => {
    const errors: unknown[] = [];
    const batcher = new LogBatcher({
      send: () => Promise.reject(new Error('down')),
      onError: (err) => errors.push(err),
      intervalMs: 1,
    });
    batcher.add('stdout', 'a');
    await batcher.flush();
    batcher.add('stdout', 'b');
    await batcher.flush();
    expect(errors).toHaveLength(1);
  });
});
