import { describe, expect, it } from 'vitest';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { useAccessEnv } from './access-fixtures.js';

const TTL = 60_000;
const T0 = 1_700_000_000_000;

describe.each(SQL_BACKENDS)('JobLeaseStore contract ($name)', (backend) => {
  const env = useAccessEnv(backend);

  it('grants a free lease to the first holder', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
  });

  it('refuses a second holder while the lease is unexpired', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0, TTL)).toBe(false);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + TTL - 1, TTL)).toBe(false);
  });

  it('lets the holder renew, which pushes the expiry out', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('gc', 'server-a', T0 + TTL / 2, TTL)).toBe(true);
    // Past the first expiry but inside the renewed one: still held.
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + TTL + 1, TTL)).toBe(false);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + TTL / 2 + TTL + 1, TTL)).toBe(true);
  });

  it('lets another holder take an expired lease, after which the old holder is refused', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + 10 * TTL, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('gc', 'server-a', T0 + 10 * TTL + 1, TTL)).toBe(false);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + 10 * TTL + 2, TTL)).toBe(true);
  });

  it('keeps leases of different names independent', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('retention', 'server-b', T0, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('retention', 'server-a', T0, TTL)).toBe(false);
    expect(await env.leases.tryAcquire('gc', 'server-b', T0, TTL)).toBe(false);
  });

  it('ignores a release by a non-holder', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    await env.leases.release('gc', 'server-b');
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + 1, TTL)).toBe(false);
    expect(await env.leases.tryAcquire('gc', 'server-a', T0 + 2, TTL)).toBe(true);
  });

  it('frees the lease on release by the holder', async () => {
    expect(await env.leases.tryAcquire('gc', 'server-a', T0, TTL)).toBe(true);
    await env.leases.release('gc', 'server-a');
    expect(await env.leases.tryAcquire('gc', 'server-b', T0 + 1, TTL)).toBe(true);
    expect(await env.leases.tryAcquire('gc', 'server-a', T0 + 2, TTL)).toBe(false);
  });

  it('accepts releasing a lease nobody holds', async () => {
    await env.leases.release('never-taken', 'server-a');
    expect(await env.leases.tryAcquire('never-taken', 'server-a', T0, TTL)).toBe(true);
  });

  it('grants a contended free lease to exactly one of many concurrent holders', async () => {
    const holders = Array.from({ length: 10 }, (_, i) => `server-${i}`);
    const results = await Promise.all(
      holders.map((holder) => env.leases.tryAcquire('gc', holder, T0, TTL)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = holders[results.indexOf(true)] ?? '';
    // The winner really holds it: it renews, and everyone else is still refused.
    expect(await env.leases.tryAcquire('gc', winner, T0 + 1, TTL)).toBe(true);
    for (const holder of holders.filter((h) => h !== winner)) {
      expect(await env.leases.tryAcquire('gc', holder, T0 + 2, TTL)).toBe(false);
    }
  });

  it('hands an expired lease to exactly one of many concurrent takers', async () => {
    expect(await env.leases.tryAcquire('gc', 'old-holder', T0, TTL)).toBe(true);
    const later = T0 + 2 * TTL;
    const holders = Array.from({ length: 10 }, (_, i) => `server-${i}`);
    const results = await Promise.all(
      holders.map((holder) => env.leases.tryAcquire('gc', holder, later, TTL)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await env.leases.tryAcquire('gc', 'old-holder', later + 1, TTL)).toBe(false);
  });
});
