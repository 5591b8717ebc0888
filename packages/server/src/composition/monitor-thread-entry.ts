/**
 * Entry point of the monitor thread (see MonitorJudgeThread), and its composition root: its own
 * connection to the backend store, over which it reads each job's window (and reference traffic)
 * before judging it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readPredictionWindow } from '../prediction-log/prediction-window.js';
import type { MonitorThreadData } from '../monitoring/monitors/monitor-judge-thread.js';
import { serveMonitorJobs } from '../monitoring/monitors/monitor-thread-jobs.js';
import { openDatabase } from '../storage/sql/open-database.js';
import { SqlPredictionLogStore } from '../storage/sql/prediction-log-store.js';

const port = parentPort;
if (port === null) throw new Error('monitor-thread-entry must run as a worker thread');

const data = workerData as MonitorThreadData;
// A database that cannot be opened throws before 'ready': the main thread then reads inline.
// On SQLite this is a second connection to the file: WAL lets it read beside the log writer, and
// each page of a window is its own statement, so no read snapshot holds back a checkpoint for
// long. On PostgreSQL, a pool of its own (one job at a time needs one connection).
const database = await openDatabase(data.storeUri, {
  poolSize: 2,
  predictionLogThread: false,
  onWarning: (message) => port.postMessage({ kind: 'warning', message }),
});
const store = new SqlPredictionLogStore(database);
serveMonitorJobs({
  port,
  read: (deployment, window) => readPredictionWindow(store, deployment, window),
  closeStore: () => database.close(),
});
