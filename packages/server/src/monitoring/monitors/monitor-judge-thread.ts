import type { Worker } from 'node:worker_threads';
import { SlipwayError } from '@slipway/core';
import type {
  DataProfile,
  ExpectationSuite,
  MonitorSpec,
  MonitorVersionResult,
} from '@slipway/core';
import { spawnModuleWorker } from '../../support/spawn-module-worker.js';
import { judgeWindow } from './judge-window.js';
import type { WindowJudge, WindowJudgeInput } from './judge-window.js';
import { packRows, packedBuffers } from './packed-rows.js';
import type { PackedRows } from './packed-rows.js';

/** A run's input as posted: rows packed, a profile by id (and itself when the thread lacks it). */
export interface PackedJob {
  spec: MonitorSpec;
  versions: readonly string[];
  rows: PackedRows;
  reference:
    | { kind: 'profile'; profileId: number; profile?: DataProfile | undefined }
    | { kind: 'traffic'; rows: PackedRows; description: string };
  suite: ExpectationSuite | undefined;
}

export type JudgeRequest =
  | { kind: 'judge'; id: number; job: PackedJob; crashForTest?: boolean }
  | { kind: 'profile'; id: number; profileId: number; profile: DataProfile };

export type JudgeReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; results: MonitorVersionResult[] }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'need-profile'; id: number; profileId: number };

interface Pending {
  input: WindowJudgeInput;
  job: PackedJob;
  resolve: (results: MonitorVersionResult[]) => void;
  reject: (err: unknown) => void;
}

interface JudgeThread {
  worker: Worker;
  ready: boolean;
  /** Profiles posted to this thread (it may have dropped some since: it then asks again). */
  sentProfiles: Set<number>;
  lastError?: Error;
}

export interface MonitorJudgeThreadOptions {
  /** Where a degraded mode is reported (the server's logger); default process warnings. */
  onWarning?: ((message: string) => void) | undefined;
}

/** Profile ids the main thread remembers as posted; past this many it forgets them all. */
const MAX_SENT_PROFILES = 64;

let crashNextJob = false;

/** Test hook: the next job posted to a judging thread makes that thread die, as a crash would. */
export function crashNextMonitorJudgeForTest(): void {
  crashNextJob = true;
}

/**
 * Judges monitor runs in one worker thread, so that a run over a large window does not hold up
 * serving: judging 100,000 predictions (feature tables, drift, performance per version) took
 * seconds of CPU, all of it on the event loop. The rows go over packed in typed arrays whose
 * buffers are transferred, not cloned (see `packRows`).
 *
 * One thread for all monitors, started on the first run and idle (unreferenced) between runs;
 * runs queue and are judged one at a time. A thread that dies fails the run it was judging (the
 * runner stores it with the error) and the next run starts a new one. A thread that cannot start
 * at all (it fails before it is ready) means threads cannot be used here: this warns once and
 * judges inline from then on, as the prediction log writer does.
 */
export class MonitorJudgeThread implements WindowJudge {
  private thread: JudgeThread | undefined;
  private inlineOnly = false;
  private closed = false;
  private readonly queue: Pending[] = [];
  private current: { id: number; pending: Pending } | undefined;
  private nextId = 1;
  private readonly profileIds = new WeakMap<DataProfile, number>();
  private nextProfileId = 1;

  constructor(private readonly options: MonitorJudgeThreadOptions = {}) {}

  /** 'thread' until a thread has proved unable to start; then 'inline'. */
  get mode(): 'thread' | 'inline' {
    return this.inlineOnly ? 'inline' : 'thread';
  }

  async judge(input: WindowJudgeInput): Promise<MonitorVersionResult[]> {
    if (this.closed) throw this.unavailable();
    if (this.inlineOnly) return judgeWindow(input);
    const job = await this.pack(input);
    if (this.closed) throw this.unavailable();
    return new Promise((resolve, reject) => {
      this.queue.push({ input, job, resolve, reject });
      this.pump();
    });
  }

  /** Fails the runs not yet judged and stops the thread (a run being judged fails too). */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(this.unavailable());
    const thread = this.thread;
    this.thread = undefined;
    if (thread !== undefined) await thread.worker.terminate();
  }

  private unavailable(): SlipwayError {
    return new SlipwayError({
      code: 'UNAVAILABLE',
      message: 'The server is shutting down; the monitor run was not judged.',
    });
  }

  private async pack(input: WindowJudgeInput): Promise<PackedJob> {
    const { spec, versions, suite, reference } = input;
    const rows = await packRows(input.rows);
    if (reference.kind === 'traffic') {
      const packed = await packRows(reference.rows);
      return {
        spec,
        versions,
        rows,
        suite,
        reference: { kind: 'traffic', rows: packed, description: reference.description },
      };
    }
    let profileId = this.profileIds.get(reference.profile);
    if (profileId === undefined) {
      profileId = this.nextProfileId++;
      this.profileIds.set(reference.profile, profileId);
    }
    return { spec, versions, rows, suite, reference: { kind: 'profile', profileId } };
  }

  private pump(): void {
    if (this.current !== undefined || this.queue.length === 0 || this.closed) return;
    const thread = this.inlineOnly ? undefined : (this.thread ?? this.startThread());
    if (thread === undefined) {
      for (const pending of this.queue.splice(0)) this.judgeInline(pending);
      return;
    }
    if (!thread.ready) return;
    const pending = this.queue.shift()!;
    const id = this.nextId++;
    this.current = { id, pending };
    const { job } = pending;
    const reference = pending.input.reference;
    let posted = job;
    if (job.reference.kind === 'profile' && reference.kind === 'profile') {
      if (!thread.sentProfiles.has(job.reference.profileId)) {
        posted = { ...job, reference: { ...job.reference, profile: reference.profile } };
        this.rememberProfile(thread, job.reference.profileId);
      }
    }
    const transfer = packedBuffers(job.rows);
    if (job.reference.kind === 'traffic') transfer.push(...packedBuffers(job.reference.rows));
    const request: JudgeRequest = { kind: 'judge', id, job: posted };
    if (crashNextJob) {
      crashNextJob = false;
      request.crashForTest = true;
    }
    // Held while judging, so that a process with nothing else to do waits for the result.
    thread.worker.ref();
    thread.worker.postMessage(request, transfer);
  }

  private rememberProfile(thread: JudgeThread, profileId: number): void {
    if (thread.sentProfiles.size >= MAX_SENT_PROFILES) thread.sentProfiles.clear();
    thread.sentProfiles.add(profileId);
  }

  private startThread(): JudgeThread | undefined {
    let worker: Worker;
    try {
      worker = spawnModuleWorker(import.meta.url, 'monitor-judge-thread-entry', undefined);
    } catch (err) {
      this.giveUpThread(err);
      return undefined;
    }
    worker.unref();
    const thread: JudgeThread = { worker, ready: false, sentProfiles: new Set() };
    this.thread = thread;
    worker.on('message', (reply: JudgeReply) => this.onReply(thread, reply));
    // Without a listener, a thread's uncaught error would be the server's.
    worker.on('error', (err) => {
      thread.lastError = err;
    });
    worker.on('exit', (code) => this.onExit(thread, code));
    return thread;
  }

  private onReply(thread: JudgeThread, reply: JudgeReply): void {
    if (reply.kind === 'ready') {
      thread.ready = true;
      this.pump();
      return;
    }
    const current = this.current;
    if (current === undefined || current.id !== reply.id) return;
    if (reply.kind === 'need-profile') {
      const reference = current.pending.input.reference;
      if (reference.kind !== 'profile') return;
      this.rememberProfile(thread, reply.profileId);
      const request: JudgeRequest = {
        kind: 'profile',
        id: reply.id,
        profileId: reply.profileId,
        profile: reference.profile,
      };
      thread.worker.postMessage(request);
      return;
    }
    this.current = undefined;
    thread.worker.unref();
    if (reply.kind === 'done') current.pending.resolve(reply.results);
    else current.pending.reject(new Error(reply.message));
    this.pump();
  }

  private onExit(thread: JudgeThread, code: number): void {
    if (this.thread === thread) this.thread = undefined;
    const detail = `exit code ${code}${thread.lastError ? `: ${thread.lastError.message}` : ''}`;
    if (!thread.ready && !this.closed) {
      this.giveUpThread(thread.lastError ?? new Error(detail));
      this.pump();
      return;
    }
    const current = this.current;
    this.current = undefined;
    current?.pending.reject(
      this.closed
        ? this.unavailable()
        : new SlipwayError({
            code: 'UNAVAILABLE',
            message: `The monitor judging thread stopped (${detail}) while judging this run, so it was not judged; the next run starts a new thread.`,
            cause: thread.lastError,
          }),
    );
    this.pump();
  }

  private giveUpThread(err: unknown): void {
    this.inlineOnly = true;
    (this.options.onWarning ?? ((message: string) => process.emitWarning(message)))(
      `the monitor judging thread could not start (${err instanceof Error ? err.message : String(err)}); judging monitor runs on the main thread instead`,
    );
  }

  private judgeInline(pending: Pending): void {
    try {
      pending.resolve(judgeWindow(pending.input));
    } catch (err) {
      pending.reject(err);
    }
  }
}
