import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedLock', () => {
  it('runs work of one key in order, past failures, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const a1 = lock.run('a', async () => {
      await tick(20);
      log.push('a1');
      throw new Error('a1 failed');
    });
    const a2 = lock.run('a', async () => {
      log.push('a2');
      return 2;
    });
    const b1 = lock.run('b', async () => {
      log.push('b1');
    });
    await expect(a1).rejects.toThrow('a1 failed');
    expect(await a2).toBe(2);
    await b1;
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('settles once everything started has finished', async () => {
    const lock = new KeyedLock();
    let done = false;
    void lock.run('a', async () => {
      await tick(20);
      done = true;
    });
    await lock.settled();
    expect(done).toBe(true);
  });
});
