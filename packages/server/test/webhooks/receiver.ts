import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What MLflow's documented verification said of the signature. */
  verified: boolean;
}

/**
 * MLflow's documented receiver check (docs "Webhooks", verify_mlflow_signature), reimplemented:
 * strip the `v1,` prefix, HMAC-SHA256 the secret over "{delivery_id}.{timestamp}.{payload}",
 * base64 it and compare in constant time.
 */
export function verifyMlflowSignature(
  payload: string,
  signature: string,
  secret: string,
  deliveryId: string,
  timestamp: string,
): boolean {
  if (!signature.startsWith('v1,')) return false;
  const given = signature.slice(3);
  const expected = createHmac('sha256', secret)
    .update(`${deliveryId}.${timestamp}.${payload}`)
    .digest('base64');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A webhook receiver on 127.0.0.1 answering with the statuses given, then 200. */
export async function openReceiver(secret: string, statuses: number[] = []) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const h = req.headers;
      const verified = verifyMlflowSignature(
        body,
        String(h['x-mlflow-signature'] ?? ''),
        secret,
        String(h['x-mlflow-delivery-id'] ?? ''),
        String(h['x-mlflow-timestamp'] ?? ''),
      );
      received.push({ headers: h, body, verified });
      res.statusCode = statuses.shift() ?? 200;
      res.end(res.statusCode === 200 ? 'ok' : 'try again');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Resolves once `count` requests have arrived (fails the test after 5 s). */
    async waitFor(count: number): Promise<Received[]> {
      const deadline = Date.now() + 5_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
