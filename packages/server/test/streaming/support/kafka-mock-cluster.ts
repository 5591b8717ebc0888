import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface KafkaMockCluster {
  /** `127.0.0.1:<port>` of the mock broker. */
  bootstrap: string;
  stop(): Promise<void>;
}

const MISSING =
  "kcat is not installed: the Kafka stream tests run against librdkafka's mock cluster, which kcat " +
  'starts. npm test installs it when run as root; otherwise run ' +
  '`sudo apt-get update && sudo apt-get install -y --no-install-recommends kcat`.';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// Checked on import, so a missing kcat fails the test file while its tests are collected. Thrown from
// a beforeAll instead, the error would fail the file too, but vitest would count every one of its
// tests as skipped, which reads like tests that chose not to run.
if (!onPath('kcat')) throw new Error(MISSING);

/**
 * A one-broker Kafka cluster speaking the real protocol on loopback: librdkafka's built-in mock
 * cluster, started through Debian's kcat (`-X test.mock.num.brokers=1`). kcat itself just sits
 * consuming a topic of its own while the cluster serves the tests. It runs under a shell that
 * kills it when its stdin closes, so it goes away with the test process even after a crash.
 * Topics are created on first use with 4 partitions.
 */
export async function startKafkaMockCluster(timeoutMs = 15_000): Promise<KafkaMockCluster> {
  const kcat =
    'kcat -q -b 127.0.0.1:1 -C -t __slipway_mock_keepalive -X test.mock.num.brokers=1 & pid=$!; ' +
    'read _; kill $pid; wait $pid';
  const child = spawn('sh', ['-c', `command -v kcat >/dev/null || exit 127; ${kcat}`], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let log = '';
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`kcat printed no mock cluster address within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      // librdkafka announces the mock at NOTICE level: "... replaced with 127.0.0.1:<port>".
      const found = /(?:replaced with|bootstrap\.servers=)\s*(\d+\.\d+\.\d+\.\d+:\d+)/.exec(log);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(code === 127 ? MISSING : `kcat exited with ${code}:\n${log}`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child);
    throw err;
  });
  // From here on its output is only drained.
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { bootstrap, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  await exited;
}
