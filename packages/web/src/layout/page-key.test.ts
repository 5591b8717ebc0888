import { describe, expect, it } from 'vitest';
import { pageKey } from './page-key.js';

// Route ids as React Router makes them for routes without an explicit id: their tree position.
const runArtifacts = (runId: string, splat: string) =>
  ['0', '0-3', '0-3-2'].map((id) => ({ id, params: { runId, '*': splat } }));

describe('pageKey', () => {
  it('stays the same while only the splat moves (the artifact tree walking through files)', () => {
    expect(pageKey(runArtifacts('r1', 'plots/loss.png'))).toBe(
      pageKey(runArtifacts('r1', 'model/MLmodel')),
    );
    expect(pageKey(runArtifacts('r1', ''))).toBe(pageKey(runArtifacts('r1', 'a/b/c.txt')));
  });

  it('changes with another route or another path parameter', () => {
    expect(pageKey(runArtifacts('r1', 'x'))).not.toBe(pageKey(runArtifacts('r2', 'x')));
    const metrics = ['0', '0-3', '0-3-1'].map((id) => ({ id, params: { runId: 'r1' } }));
    expect(pageKey(runArtifacts('r1', ''))).not.toBe(pageKey(metrics));
    const model = (name: string) => [
      { id: '0', params: { name } },
      { id: '0-5', params: { name } },
    ];
    expect(pageKey(model('fraud'))).not.toBe(pageKey(model('churn')));
  });

  it('does not depend on the order the parameters were listed in', () => {
    const a = [{ id: '0', params: { name: 'm', version: '2' } }];
    const b = [{ id: '0', params: { version: '2', name: 'm' } }];
    expect(pageKey(a)).toBe(pageKey(b));
  });
});
