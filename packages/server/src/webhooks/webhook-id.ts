import { randomBytes } from 'node:crypto';

let lastMillis = -1;
let sequence = 0;

/**
 * A 32-hex-digit webhook id (MLflow's shape) that sorts in creation order: milliseconds, then a
 * per-process sequence within the millisecond, then randomness. Webhooks are listed by creation time
 * and id, so two created in the same millisecond must still list in the order they were made.
 */
export function newWebhookId(now: number): string {
  if (now === lastMillis) sequence += 1;
  else {
    lastMillis = now;
    sequence = 0;
  }
  const time = Math.max(0, Math.trunc(now)).toString(16).padStart(12, '0').slice(-12);
  const seq = (sequence & 0xffff).toString(16).padStart(4, '0');
  return `${time}${seq}${randomBytes(8).toString('hex')}`;
}
