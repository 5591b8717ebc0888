import { describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveAuth } from './resolve-auth.js';

describe('resolveAuth', () => {
  it('is off by default on loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(resolveAuth({ host })).toBe(false);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
      expect(resolveAuth({ host })).toBe(true);
    }
  });

  it('does what --auth says whatever the host', () => {
    expect(resolveAuth({ host: '127.0.0.1', auth: 'on' })).toBe(true);
    expect(resolveAuth({ host: '0.0.0.0', auth: 'off' })).toBe(false);
  });
});
