import { createHmac } from 'node:crypto';

/**
 * `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, MLflow's X-MLflow-Signature with the
 * secret's UTF-8 bytes as the key.
 */
export function mlflowSignature(secret: string, id: string, timestamp: string, body: string) {
  return sign(Buffer.from(secret, 'utf8'), id, timestamp, body);
}

/**
 * Standard Webhooks' webhook-signature: the same content; a `whsec_` secret is its base64 key, as
 * the Standard Webhooks libraries read it, any other secret its UTF-8 bytes (as MLflow).
 */
export function standardSignature(secret: string, id: string, timestamp: string, body: string) {
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
  return sign(key, id, timestamp, body);
}

function sign(key: Buffer, id: string, timestamp: string, body: string): string {
  const digest = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return `v1,${digest.toString('base64')}`;
}
