import { Agent, request } from 'node:http';

export interface LoadResult {
  calls: number;
  errors: number;
  seconds: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface LoadOptions {
  url: string;
  clients: number;
  durationMs: number;
  /** Builds the request for one call; `client` and `i` let callers vary runs and steps. */
  makeRequest(client: number, i: number): LoadRequest;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Sent as `authorization` (credentials of an authenticated server). */
  authorization?: string;
}

/**
 * Closed-loop load: `clients` keep-alive connections, each sending its next request as soon as the
 * previous one answers, for `durationMs`. Latencies are recorded per call; a non-2xx counts as error.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (c: number): Promise<void> => {
    for (let i = 0; performance.now() < deadline; i++) {
      const req = options.makeRequest(c, i);
      const t0 = performance.now();
      const status = await send(agent, target, req);
      latencies.push(performance.now() - t0);
      if (status < 200 || status >= 300) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    calls: latencies.length,
    errors,
    seconds,
    callsPerSecond: latencies.length / seconds,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

function send(agent: Agent, target: URL, req: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.path,
        headers: {
          ...(req.body
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body) }
            : {}),
          ...(req.authorization ? { authorization: req.authorization } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    if (req.body) r.write(req.body);
    r.end();
  });
}
