import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, refusedAddress } from './webhook-url.js';

const OPEN = { allowPrivateNetworks: true };
const CLOSED = { allowPrivateNetworks: false };

describe('webhook URL policy', () => {
  it.each(['ftp://x/y', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])(
    'refuses %s',
    (url) => expect(() => checkWebhookUrl(url, OPEN)).toThrow(/Invalid webhook URL/u),
  );

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://0.0.0.0:8080/',
    'http://[::ffff:169.254.169.254]/',
  ])('always refuses the metadata or link-local target %s', (url) => {
    expect(() => checkWebhookUrl(url, OPEN)).toThrow(/Invalid webhook URL/u);
  });

  it('allows loopback and private targets only when the policy does', () => {
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://10.1.2.3/',
      'http://[::1]/',
      'http://192.168.1.1/',
    ]) {
      expect(checkWebhookUrl(url, OPEN)).toBe(url);
      expect(() => checkWebhookUrl(url, CLOSED)).toThrow(/private address/u);
    }
    expect(checkWebhookUrl('https://hooks.example.com/a?b=c', CLOSED)).toBe(
      'https://hooks.example.com/a?b=c',
    );
  });

  it('checks resolved addresses the same way', () => {
    expect(refusedAddress('169.254.170.2', OPEN)).toMatch(/link-local/u);
    expect(refusedAddress('172.20.0.1', CLOSED)).toMatch(/private/u);
    expect(refusedAddress('172.32.0.1', CLOSED)).toBeUndefined();
    expect(refusedAddress('93.184.216.34', CLOSED)).toBeUndefined();
  });
});
