import type { Worker } from 'node:worker_threads';
import { SlipwayError } from '@slipway/core';
import type { DataProfile, ExpectationSuite, MonitorSpec } from '@slipway/core';
import type { PredictionWindow } from '../../prediction-log/prediction-window.js';
import { spawnModuleWorker } from '../../support/spawn-module-worker.js';
import { readAndJudgeWindow } from './window-job.js';
import type { WindowJob, WindowJudge, WindowOutcome, WindowReader } from './window-job.js';

/** What the thread is started with. Holds the store URI (maybe a password): never log it. */
export interface MonitorThreadData {
  storeUri: string;
}

/** A job as posted: its reference profile by id (and the profile itself when the thread lacks it). */
export interface PostedJob {
  spec: MonitorSpec;
  window: PredictionWindow;
  reference:
    | { kind: 'profile'; profileId: number; profile?: DataProfile | undefined }
    | { kind: 'traffic'; window: PredictionWindow; description: string };
  suite: ExpectationSuite | undefined;
}

export type JudgeRequest =
  | { kind: 'judge'; id: number; job: PostedJob; crashForTest?: boolean }
  | { kind: 'profile'; id: number; profileId: number; profile: DataProfile }
  | { kind: 'close' };

export type JudgeReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; outcome: WindowOutcome }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'need-profile'; id: number; profileId: number }
  | { kind: 'warning'; message: string };

interface Pending {
  job: WindowJob;
  resolve: (outcome: WindowOutcome) => void;
  reject: (err: unknown) => void;
}

interface JudgeThread {
  worker: Worker;
  ready: boolean;
  exited: boolean;
  /** Profiles posted to this thread (it may have dropped some since: it then asks again). */
  sentProfiles: Set<number>;
  lastError?: Error;
}

export interface MonitorJudgeThreadOptions {
  /**
   * The backend store URI, for the thread's own connection (passed in workerData, never logged).
   * `sqlite::memory:` cannot be shared with another connection: runs are then read inline.
   */
  storeUri: string;
  /** Reads a window on the main connection: the inline path when no thread can be used. */
  read: WindowReader;
  /** Where a degraded mode is reported (the server's logger); default process warnings. */
  onWarning?: ((message: string) => void) | undefined;
}

/** Profile ids the main thread remembers as posted; past this many it forgets them all. */
const MAX_SENT_PROFILES = 64;

/** How long a closing thread may take to close its connection before it is terminated. */
const CLOSE_GRACE_MS = 2_000;

let crashNextJob = false;

/** Test hook: the next job posted to a judging thread makes that thread die, as a crash would. */
export function crashNextMonitorJudgeForTest(): void {
  crashNextJob = true;
}

/** An in-memory SQLite database (as open-database spells it) is seen by its own connection only. */
function sharedAcrossConnections(storeUri: string): boolean {
  return !/^sqlite:(\/\/\/)?:memory:$/u.test(storeUri);
}

/**
 * Reads and judges monitor runs in one worker thread with its own database connection, so that
 * a run over a large window does not hold up serving. Judging in a thread alone was not enough:
 * reading 100,000 predictions on the main connection (synchronous on SQLite) and decoding their
 * tensors still cut serving to 0.58x (docs/adr/0017-monitor-thread.md). The main thread now
 * posts only the spec, the window and the reference (a profile by id, or a traffic window).
 *
 * One thread for all monitors, started on the first run and idle (unreferenced) between runs;
 * runs queue and are judged one at a time (a window may be a million rows). A thread that dies
 * fails the run it was judging (the runner stores it with the error) and the next run starts a
 * new one. A thread that cannot start at all (it fails before it is ready: no worker threads, a
 * database file it cannot open) means threads cannot be used here: this warns once and reads and
 * judges inline from then on, as the prediction log writer does.
 */
export class MonitorJudgeThread implements WindowJudge {
  private thread: JudgeThread | undefined;
  private inlineOnly: boolean;
  private closed = false;
  private readonly queue: Pending[] = [];
  private current: { id: number; pending: Pending } | undefined;
  private nextId = 1;
  private readonly profileIds = new WeakMap<DataProfile, number>();
  private nextProfileId = 1;

  constructor(private readonly options: MonitorJudgeThreadOptions) {
    this.inlineOnly = !sharedAcrossConnections(options.storeUri);
  }

  /** 'thread' until a thread has proved unable to start (or cannot share the database); then 'inline'. */
  get mode(): 'thread' | 'inline' {
    return this.inlineOnly ? 'inline' : 'thread';
  }

  async judge(job: WindowJob): Promise<WindowOutcome> {
    if (this.closed) throw this.unavailable();
    if (this.inlineOnly) return readAndJudgeWindow(this.options.read, job);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /**
   * Fails the runs not yet judged and stops the thread, letting it close its connection first
   * (a run being judged fails too).
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(this.unavailable());
    const thread = this.thread;
    this.thread = undefined;
    if (thread !== undefined && !thread.exited) await this.stopThread(thread);
  }

  private async stopThread(thread: JudgeThread): Promise<void> {
    const { worker } = thread;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    if (!thread.ready) {
      await worker.terminate();
      return;
    }
    const request: JudgeRequest = { kind: 'close' };
    worker.postMessage(request);
    // A thread deep in judging a large window answers no message until it is done.
    const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private unavailable(): SlipwayError {
    return new SlipwayError({
      code: 'UNAVAILABLE',
      message: 'The server is shutting down; the monitor run was not judged.',
    });
  }

  private posted(job: WindowJob): PostedJob {
    const { spec, window, suite, reference } = job;
    if (reference.kind === 'traffic') return { spec, window, suite, reference };
    let profileId = this.profileIds.get(reference.profile);
    if (profileId === undefined) {
      profileId = this.nextProfileId++;
      this.profileIds.set(reference.profile, profileId);
    }
    return { spec, window, suite, reference: { kind: 'profile', profileId } };
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
    const reference = pending.job.reference;
    let job = this.posted(pending.job);
    if (job.reference.kind === 'profile' && reference.kind === 'profile') {
      const { profileId } = job.reference;
      if (!thread.sentProfiles.has(profileId)) {
        job = { ...job, reference: { kind: 'profile', profileId, profile: reference.profile } };
        this.rememberProfile(thread, profileId);
      }
    }
    const request: JudgeRequest = { kind: 'judge', id, job };
    if (crashNextJob) {
      crashNextJob = false;
      request.crashForTest = true;
    }
    // Held while judging, so that a process with nothing else to do waits for the result.
    thread.worker.ref();
    thread.worker.postMessage(request);
  }

  private rememberProfile(thread: JudgeThread, profileId: number): void {
    if (thread.sentProfiles.size >= MAX_SENT_PROFILES) thread.sentProfiles.clear();
    thread.sentProfiles.add(profileId);
  }

  private startThread(): JudgeThread | undefined {
    let worker: Worker;
    const data: MonitorThreadData = { storeUri: this.options.storeUri };
    try {
      worker = spawnModuleWorker(
        // The thread's own composition root: it builds its store (composition/).
        new URL('../../composition/', import.meta.url).href,
        'monitor-thread-entry',
        data,
      );
    } catch (err) {
      this.giveUpThread(err);
      return undefined;
    }
    worker.unref();
    const thread: JudgeThread = { worker, ready: false, exited: false, sentProfiles: new Set() };
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
    if (reply.kind === 'warning') {
      this.warn(reply.message);
      return;
    }
    const current = this.current;
    if (current === undefined || current.id !== reply.id) return;
    if (reply.kind === 'need-profile') {
      const reference = current.pending.job.reference;
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
    if (reply.kind === 'done') current.pending.resolve(reply.outcome);
    else current.pending.reject(new Error(reply.message));
    this.pump();
  }

  private onExit(thread: JudgeThread, code: number): void {
    thread.exited = true;
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
    this.warn(
      `the monitor judging thread could not start (${err instanceof Error ? err.message : String(err)}); reading and judging monitor runs on the main thread instead`,
    );
  }

  private warn(message: string): void {
    (this.options.onWarning ?? ((text: string) => process.emitWarning(text)))(message);
  }

  private judgeInline(pending: Pending): void {
    readAndJudgeWindow(this.options.read, pending.job).then(pending.resolve, pending.reject);
  }
}
