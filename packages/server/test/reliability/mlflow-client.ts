/** The few MLflow REST calls the reliability tests make, over real HTTP. */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

async function call(base: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/api/2.0/mlflow/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} -> ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

export async function createRun(base: string): Promise<string> {
  const out = (await call(base, 'runs/create', { experiment_id: '0' })) as {
    run: { info: { run_id: string } };
  };
  return out.run.info.run_id;
}

export async function logBatch(base: string, runId: string, metrics: MetricPoint[]): Promise<void> {
  await call(base, 'runs/log-batch', { run_id: runId, metrics });
}

export async function metricHistory(
  base: string,
  runId: string,
  key: string,
): Promise<MetricPoint[]> {
  const out: MetricPoint[] = [];
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ run_id: runId, metric_key: key });
    if (token) q.set('page_token', token);
    const page = (await call(base, `metrics/get-history?${q.toString()}`)) as {
      metrics?: Array<{
        key: string;
        value: number;
        timestamp: number | string;
        step: number | string;
      }>;
      next_page_token?: string;
    };
    for (const m of page.metrics ?? []) {
      out.push({
        key: m.key,
        value: m.value,
        timestamp: Number(m.timestamp),
        step: Number(m.step),
      });
    }
    token = page.next_page_token;
  } while (token);
  return out;
}
