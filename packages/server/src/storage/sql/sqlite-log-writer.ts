import type { Worker } from 'node:worker_threads';
import { SlipwayError } from '@slipway/core';
import { spawnModuleWorker } from '../../support/spawn-module-worker.js';
import { PREDICTION_COLUMNS } from './prediction-rows.js';
import { batchInserter, type SqliteRow, type WithSqlite } from './sqlite-connection.js';
import type { PredictionRowWriter } from './sql-database.js';

/**
 * One cached single-row statement, run once per record inside one transaction. Measured as fast as
 * fixed 32- and 256-row statements (the B-tree inserts dominate), and simpler.
 */
export const SQLITE_PREDICTION_INSERT = `insert into "predictions" (${PREDICTION_COLUMNS.map((c) => `"${c}"`).join(', ')}) values (${PREDICTION_COLUMNS.map(() => '?').join(', ')})`;

/** What the writer thread is started with. */
export interface LogWriterThreadData {
  /** The database file (never `:memory:`: a second connection could not see that database). */
  path: string;
  /** The single-row INSERT run once per row. */
  insertSql: string;
}

export type LogWriterRequest =
  { kind: 'append'; id: number; rows: SqliteRow[] } | { kind: 'close' };

export type LogWriterReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; message: string; sqliteCode?: string };

export interface SqliteLogWriterOptions {
  /** The database file, or undefined to always write inline (`:memory:`, thread turned off). */
  path: string | undefined;
  /** The main connection, for the inline path: the same transaction, used when no thread can be. */
  withSqlite: WithSqlite;
  /** Where a degraded mode is reported (the server's logger); default process warnings. */
  onWarning?: ((message: string) => void) | undefined;
}

interface Pending {
  rows: SqliteRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface WriterThread {
  worker: Worker;
  ready: boolean;
  /** Appends waiting for `ready`; their buffers are still ours, so they can go inline instead. */
  queued: Pending[];
  /** Appends posted to the thread, by id. */
  posted: Map<number, Pending>;
  lastError?: Error;
}

/**
 * Writes prediction-log batches to a SQLite file from a dedicated worker thread with its own
 * connection. better-sqlite3 is synchronous: inline, a 256-row batch held the HTTP thread for the
 * whole transaction. Here the main thread only posts the rows (their byte arrays transferred, not
 * copied) and waits for the answer.
 *
 * The thread starts on the first append, so opening a database for a CLI command or a migration
 * starts none. A thread that fails before it is ready (cannot load, cannot open the file) means the
 * thread cannot be used here: the writer warns once and writes inline from then on, including the
 * appends that were waiting. A thread that dies later rejects the appends it had (the logger
 * retries them) and the next append starts a new one.
 */
export class SqliteLogWriter implements PredictionRowWriter {
  private readonly options: SqliteLogWriterOptions;
  private thread: WriterThread | undefined;
  private inlineOnly: boolean;
  private nextId = 1;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  private inlineInsert: ReturnType<typeof batchInserter> | undefined;

  constructor(options: SqliteLogWriterOptions) {
    this.options = options;
    this.inlineOnly = options.path === undefined;
  }

  /** 'thread' until the thread has proved unusable; 'inline' for `:memory:` and after that. */
  get mode(): 'thread' | 'inline' {
    return this.inlineOnly ? 'inline' : 'thread';
  }

  /**
   * Inserts `rows` in one transaction. Takes ownership of their byte arrays: their buffers are
   * transferred to the thread and unusable here afterwards (the caller encodes fresh ones per call).
   */
  append(rows: SqliteRow[]): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new SlipwayError({ code: 'UNAVAILABLE', message: 'The prediction log writer is closed.' }),
      );
    }
    const done = this.inlineOnly ? this.inline(rows) : this.viaThread(rows);
    const tracked = done.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  /** Lets in-flight appends finish, then stops the thread. Later appends reject. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const thread = this.thread;
    if (thread === undefined) return;
    const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
    // Held until it has exited, or a process with nothing else to do would quit mid-close.
    thread.worker.ref();
    thread.worker.postMessage({ kind: 'close' } satisfies LogWriterRequest);
    await exited;
  }

  /** Test hook: kills the thread as a crash would, appends in flight included. */
  async terminateThreadForTest(): Promise<void> {
    await this.thread?.worker.terminate();
  }

  private viaThread(rows: SqliteRow[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { rows, resolve, reject };
      const thread = this.thread ?? this.startThread();
      if (thread === undefined) {
        this.runInline(pending);
      } else if (thread.ready) {
        this.post(thread, pending);
      } else {
        thread.queued.push(pending);
      }
    });
  }

  private startThread(): WriterThread | undefined {
    const data: LogWriterThreadData = {
      path: this.options.path as string,
      insertSql: SQLITE_PREDICTION_INSERT,
    };
    let worker: Worker;
    try {
      worker = spawnModuleWorker(import.meta.url, 'sqlite-log-writer-thread', data);
    } catch (err) {
      this.giveUpThread(err);
      return undefined;
    }
    // Idle, the thread must not keep the process alive; `post` refs it while appends are out.
    worker.unref();
    const thread: WriterThread = { worker, ready: false, queued: [], posted: new Map() };
    this.thread = thread;
    worker.on('message', (reply: LogWriterReply) => this.onReply(thread, reply));
    worker.on('error', (err) => {
      thread.lastError = err;
    });
    worker.on('exit', (code) => this.onExit(thread, code));
    return thread;
  }

  private post(thread: WriterThread, pending: Pending): void {
    const id = this.nextId++;
    if (thread.posted.size === 0) thread.worker.ref();
    thread.posted.set(id, pending);
    thread.worker.postMessage(
      { kind: 'append', id, rows: pending.rows } satisfies LogWriterRequest,
      transferList(pending.rows),
    );
  }

  private onReply(thread: WriterThread, reply: LogWriterReply): void {
    if (reply.kind === 'ready') {
      thread.ready = true;
      for (const pending of thread.queued.splice(0)) this.post(thread, pending);
      return;
    }
    const pending = thread.posted.get(reply.id);
    if (pending === undefined) return;
    thread.posted.delete(reply.id);
    if (thread.posted.size === 0) thread.worker.unref();
    if (reply.kind === 'done') {
      pending.resolve();
    } else {
      // The driver's own error, as the inline path threw it: SqliteError with its code.
      const err = Object.assign(new Error(reply.message), {
        name: 'SqliteError',
        code: reply.sqliteCode,
      });
      pending.reject(err);
    }
  }

  private onExit(thread: WriterThread, code: number): void {
    if (this.thread === thread) this.thread = undefined;
    const detail = `exit code ${code}${thread.lastError ? `: ${thread.lastError.message}` : ''}`;
    if (!thread.ready) {
      // Even when closing: close() is waiting for these, and the main connection is still open.
      this.giveUpThread(thread.lastError ?? new Error(detail));
      for (const pending of thread.queued.splice(0)) this.runInline(pending);
      return;
    }
    for (const pending of thread.posted.values()) {
      pending.reject(
        new SlipwayError({
          code: 'UNAVAILABLE',
          message: `The prediction log writer thread stopped (${detail}) with this batch in flight; it may or may not have been written.`,
          cause: thread.lastError,
        }),
      );
    }
    thread.posted.clear();
  }

  private giveUpThread(err: unknown): void {
    this.inlineOnly = true;
    (this.options.onWarning ?? ((message: string) => process.emitWarning(message)))(
      `the prediction log writer thread could not start (${err instanceof Error ? err.message : String(err)}); writing the log on the main thread instead`,
    );
  }

  private runInline(pending: Pending): void {
    this.inline(pending.rows).then(pending.resolve, pending.reject);
  }

  /** On the main connection, under Kysely's connection lock (never inside one of its transactions). */
  private inline(rows: SqliteRow[]): Promise<void> {
    return this.options.withSqlite((sqlite, prepare) => {
      this.inlineInsert ??= batchInserter(sqlite);
      this.inlineInsert(prepare(SQLITE_PREDICTION_INSERT), rows);
    });
  }
}

/** The distinct buffers behind the rows' byte arrays (a batch's encoded tensors share one). */
function transferList(rows: readonly SqliteRow[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const row of rows) {
    for (const value of row) {
      if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) {
        buffers.add(value.buffer);
      }
    }
  }
  return [...buffers];
}
