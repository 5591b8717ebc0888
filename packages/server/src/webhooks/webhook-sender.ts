import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup } from './webhook-url.js';
import type { WebhookUrlPolicy } from './webhook-url.js';

export interface WebhookResponse {
  status: number;
  /** The start of the body (receivers' error pages can be large). */
  body: string;
}

/** Sends one POST; what a receiver answered, or throws on network failure or timeout. */
export type WebhookSender = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<WebhookResponse>;

const MAX_BODY_CHARS = 4096;

/** Over node:http(s): no redirects followed, every connection's address checked by the policy. */
export function httpWebhookSender(policy: WebhookUrlPolicy): WebhookSender {
  const lookup = guardedLookup(policy);
  return (url, headers, body, timeoutMs) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup,
          timeout: timeoutMs,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < MAX_BODY_CHARS) text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text.slice(0, MAX_BODY_CHARS) }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`No answer within ${timeoutMs} ms.`)));
      req.on('error', reject);
      req.end(body);
    });
}
