/**
 * Entry point of the prediction-log writer thread: its own connection to the database file, one
 * transaction per `append`, answered in order. Imports nothing from @slipway/core so that the
 * thread starts quickly; the insert statement comes from the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database, { type Statement } from 'better-sqlite3';
import { applyConnectionPragmas, batchInserter } from './sqlite-connection.js';
import type { LogWriterReply, LogWriterRequest, LogWriterThreadData } from './sqlite-log-writer.js';

const port = parentPort;
if (port === null) throw new Error('sqlite-log-writer-thread must run as a worker thread');

const data = workerData as LogWriterThreadData;
// A file that cannot be opened throws before 'ready': the main thread then writes inline instead.
const sqlite = new Database(data.path, { fileMustExist: true });
applyConnectionPragmas(sqlite);
const insert = batchInserter(sqlite);
// Prepared on first use, so a missing table fails that append rather than the thread.
let statement: Statement | undefined;

function reply(message: LogWriterReply): void {
  port?.postMessage(message);
}

port.on('message', (request: LogWriterRequest) => {
  if (request.kind === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  try {
    statement ??= sqlite.prepare(data.insertSql);
    insert(statement, request.rows);
    reply({ kind: 'done', id: request.id });
  } catch (err) {
    const { message, code } = err as { message?: unknown; code?: unknown };
    reply({
      kind: 'failed',
      id: request.id,
      message: typeof message === 'string' ? message : String(err),
      ...(typeof code === 'string' ? { sqliteCode: code } : {}),
    });
  }
});
reply({ kind: 'ready' });
