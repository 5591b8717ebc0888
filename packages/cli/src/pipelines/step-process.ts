import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { formatDuration } from './durations.js';

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface StepProcessOptions {
  /** A shell line, run with `sh -c`. */
  command: string;
  cwd: string;
  env: Record<string, string>;
  /** No limit when undefined. */
  timeoutMs?: number | undefined;
  /** Aborting stops the process (and its children) and the result is `cancelled`. */
  signal?: AbortSignal | undefined;
  /** Each complete line of output (without its newline), in order per stream. */
  onLine(stream: LogStream, text: string): void;
  /** How long a stopped step gets between SIGTERM and SIGKILL; 5 s by default. */
  killGraceMs?: number;
}

export interface StepProcessResult {
  status: 'succeeded' | 'failed' | 'cancelled';
  exitCode?: number;
  /** Why it failed or stopped, for a person: `exit 2`, `timed out after 10m`, `killed by SIGSEGV`. */
  error?: string;
}

/** Longer lines are cut into pieces of this size, so one runaway line cannot exhaust memory. */
const MAX_LINE_CHARS = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 5000;

/**
 * Runs one attempt of a step as `sh -c <command>` in its own process group, so that a timeout or
 * a cancellation stops everything the command started (a shell pipeline, a Python process and
 * its data loaders), not just the shell.
 */
export function runStepProcess(options: StepProcessOptions): Promise<StepProcessResult> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ status: 'cancelled', error: 'cancelled before it started' });
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn('sh', ['-c', options.command], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      resolve({ status: 'failed', error: `could not start: ${(err as Error).message}` });
      return;
    }
    let stopReason: 'timeout' | 'cancel' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'timeout' | 'cancel') => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      signalGroup(child, 'SIGTERM');
      killTimer = setTimeout(
        () => signalGroup(child, 'SIGKILL'),
        options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      );
    };
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const flushers = [
      pipeLines(child.stdout, (text) => options.onLine('stdout', text)),
      pipeLines(child.stderr, (text) => options.onLine('stderr', text)),
    ];
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));
    child.once('close', (code, signal) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const flush of flushers) flush();
      resolve(outcome(code, signal, stopReason, options.timeoutMs, spawnError));
    });
    child.once('exit', () => {
      // The step is over when its shell exits; whatever it left running in its group (a
      // background job holding stdout open, say) would keep 'close' from ever firing.
      signalGroup(child, 'SIGKILL');
    });
  });
}

function outcome(
  code: number | null,
  signal: NodeJS.Signals | null,
  stopReason: 'timeout' | 'cancel' | undefined,
  timeoutMs: number | undefined,
  spawnError: Error | undefined,
): StepProcessResult {
  const exitCode = code ?? undefined;
  const withCode = exitCode === undefined ? {} : { exitCode };
  if (stopReason === 'cancel') return { status: 'cancelled', ...withCode, error: 'cancelled' };
  if (stopReason === 'timeout') {
    return {
      status: 'failed',
      ...withCode,
      error: `timed out after ${formatDuration(timeoutMs ?? 0)}`,
    };
  }
  if (spawnError !== undefined) {
    return { status: 'failed', error: `could not start: ${spawnError.message}` };
  }
  if (exitCode === 0) return { status: 'succeeded', exitCode: 0 };
  if (exitCode !== undefined) return { status: 'failed', exitCode, error: `exit ${exitCode}` };
  return { status: 'failed', error: `killed by ${signal ?? 'a signal'}` };
}

/** Sends a signal to the child's whole process group; it may already be gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/**
 * Splits a stream into lines as it arrives (UTF-8 decoded across chunk boundaries); returns a
 * function that emits the last, unterminated line.
 */
function pipeLines(
  stream: NodeJS.ReadableStream | null,
  onLine: (text: string) => void,
): () => void {
  if (stream === null) return () => undefined;
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const emit = (text: string) => {
    for (let i = 0; i < text.length; i += MAX_LINE_CHARS) onLine(text.slice(i, i + MAX_LINE_CHARS));
    if (text.length === 0) onLine('');
  };
  stream.on('data', (chunk: Buffer) => {
    partial += decoder.write(chunk);
    let newline = partial.indexOf('\n');
    while (newline !== -1) {
      emit(partial.slice(0, newline).replace(/\r$/u, ''));
      partial = partial.slice(newline + 1);
      newline = partial.indexOf('\n');
    }
    if (partial.length > MAX_LINE_CHARS) {
      emit(partial.slice(0, MAX_LINE_CHARS));
      partial = partial.slice(MAX_LINE_CHARS);
    }
  });
  let flushed = false;
  return () => {
    if (flushed) return;
    flushed = true;
    partial += decoder.end();
    if (partial.length > 0) emit(partial);
    partial = '';
  };
}
