import { describe, expect, it } from 'vitest';
import { createDeploymentState, parseDeploymentSpec } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import type { ModelMetadata, ModelRuntime } from '../runtime/model-runtime.js';
import { LiveDeployment } from './live-deployment.js';
import { ServedRequests } from './served-requests.js';
import { SharedRuntimes } from './shared-runtimes.js';

/** A runtime that counts loads and closes; its inferences finish when the test says so. */
class FakeRuntime implements ModelRuntime {
  closed = 0;
  readonly metadata: ModelMetadata = { name: 'm', platform: 'js', inputs: [], outputs: [] };
  private readonly pending: (() => void)[] = [];

  get ready(): boolean {
    return this.closed === 0;
  }

  infer(): Promise<Tensor[]> {
    return new Promise((resolve) => this.pending.push(() => resolve([])));
  }

  finishAll(): void {
    for (const finish of this.pending.splice(0)) finish();
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

describe('SharedRuntimes', () => {
  it('loads a key once for concurrent acquirers and closes it after the last release', async () => {
    const shared = new SharedRuntimes();
    let loads = 0;
    const runtime = new FakeRuntime();
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return runtime;
    };
    const [a, b] = await Promise.all([shared.acquire('m/1', load), shared.acquire('m/1', load)]);
    expect(loads).toBe(1);
    const c = a.share();
    a.release();
    a.release(); // idempotent: does not take b's or c's hold away
    b.release();
    expect(runtime.closed).toBe(0);
    expect(shared.keys()).toEqual(['m/1']);
    c.release();
    expect(runtime.closed).toBe(1);
    expect(shared.keys()).toEqual([]);
    // The next acquire loads afresh.
    const d = await shared.acquire('m/1', async () => new FakeRuntime());
    expect(d.runtime).not.toBe(runtime);
  });

  it('forgets a failed load so the next acquire tries again', async () => {
    const shared = new SharedRuntimes();
    await expect(
      shared.acquire('m/1', () => Promise.reject(new Error('no files'))),
    ).rejects.toThrow('no files');
    expect(shared.keys()).toEqual([]);
    const lease = await shared.acquire('m/1', async () => new FakeRuntime());
    expect(lease.runtime.ready).toBe(true);
  });
});

describe('LiveDeployment', () => {
  const spec = parseDeploymentSpec({ name: 'd', policy: { type: 'single', model: 'models:/m/1' } });
  const state = createDeploymentState(spec, { model: { name: 'm', version: '1' } }, { now: 0 });

  it('keeps its runtimes until the requests that started on it are done', async () => {
    const shared = new SharedRuntimes();
    const runtime = new FakeRuntime();
    const lease = await shared.acquire('m/1', async () => runtime);
    const first = new LiveDeployment(state, new Map([['model', lease]]));

    first.enter();
    const inFlight = first.runtime('model').infer([]);
    const second = first.withState(state);
    first.retire();
    expect(runtime.closed).toBe(0); // a request is still in flight on the first generation

    runtime.finishAll();
    await inFlight;
    first.exit();
    expect(runtime.closed).toBe(0); // the second generation still holds it
    second.retire();
    expect(runtime.closed).toBe(1);
  });

  it('lets go at once when retired idle, and only once', async () => {
    const shared = new SharedRuntimes();
    const runtime = new FakeRuntime();
    const live = new LiveDeployment(
      state,
      new Map([['model', await shared.acquire('m/1', async () => runtime)]]),
    );
    live.retire();
    live.retire();
    expect(runtime.closed).toBe(1);
  });
});

describe('ServedRequests', () => {
  it('forgets the oldest request past its capacity and hands each out once', () => {
    const served = new ServedRequests(2);
    served.remember('a', { variant: 'x' });
    served.remember('b', { variant: 'y' });
    served.remember('a', { variant: 'z' }); // reused id: now the youngest
    served.remember('c', { variant: 'x' });
    expect(served.size).toBe(2);
    expect(served.take('b')).toBeUndefined();
    expect(served.take('a')).toEqual({ variant: 'z' });
    expect(served.take('a')).toBeUndefined();
    expect(served.take('c')).toEqual({ variant: 'x' });
  });
});
