import { describe, expect, it } from 'vitest';
import { newWebhookId } from './webhook-id.js';

describe('newWebhookId', () => {
  it('is 32 hex digits, like MLflow webhook ids', () => {
    expect(newWebhookId(Date.UTC(2026, 0, 1))).toMatch(/^[0-9a-f]{32}$/u);
  });

  it('sorts in creation order within one millisecond and across milliseconds', () => {
    const t = Date.UTC(2026, 5, 1);
    const ids = [newWebhookId(t), newWebhookId(t), newWebhookId(t), newWebhookId(t + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });
});
