import { describe, expect, it } from 'vitest';
import { buildHashRing, lookupHashRing } from './hash-ring.js';
import type { WeightedVariant } from './hash-ring.js';

const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

function assign(variants: WeightedVariant[]): string[] {
  const ring = buildHashRing(variants);
  return KEYS.map((key) => lookupHashRing(ring, key));
}

function shareOf(assignment: string[], id: string): number {
  return assignment.filter((owner) => owner === id).length / assignment.length;
}

describe('hash ring', () => {
  it('maps the same key to the same variant, whatever the order of the variants', () => {
    const forward = assign([
      { id: 'a', weight: 50 },
      { id: 'b', weight: 30 },
      { id: 'c', weight: 20 },
    ]);
    const again = assign([
      { id: 'a', weight: 50 },
      { id: 'b', weight: 30 },
      { id: 'c', weight: 20 },
    ]);
    const reordered = assign([
      { id: 'c', weight: 20 },
      { id: 'a', weight: 50 },
      { id: 'b', weight: 30 },
    ]);
    expect(again).toEqual(forward);
    expect(reordered).toEqual(forward);
  });

  it.each([[[50, 50]], [[70, 30]], [[1, 2, 3]], [[0.25, 0.75]]])(
    'splits keys in proportion to the weights %j',
    (weights) => {
      const variants = weights.map((weight, i) => ({ id: `v${i}`, weight }));
      const assignment = assign(variants);
      const total = weights.reduce((sum, w) => sum + w, 0);
      variants.forEach((variant) => {
        // 4096 virtual nodes put a variant's share within a few percent of its weight.
        expect(Math.abs(shareOf(assignment, variant.id) - variant.weight / total)).toBeLessThan(
          0.04,
        );
      });
    },
  );

  it('sends no key to a variant of weight 0', () => {
    const assignment = assign([
      { id: 'a', weight: 1 },
      { id: 'b', weight: 0 },
    ]);
    expect(shareOf(assignment, 'b')).toBe(0);
  });

  it('moves only the keys that must move when weights go from 50/50 to 60/40', () => {
    const before = assign([
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ]);
    const after = assign([
      { id: 'a', weight: 60 },
      { id: 'b', weight: 40 },
    ]);
    const moved = KEYS.filter((_, i) => before[i] !== after[i]).length;
    // About 10% must move; the ring's granularity adds a little noise, never a reshuffle.
    expect(moved / KEYS.length).toBeGreaterThan(0.05);
    expect(moved / KEYS.length).toBeLessThan(0.15);
    // No key leaves the variant whose share grew.
    expect(KEYS.filter((_, i) => before[i] === 'a' && after[i] !== 'a')).toEqual([]);
  });

  it('moves about a fifth of the keys when a third variant takes 20%', () => {
    const before = assign([
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ]);
    const after = assign([
      { id: 'a', weight: 40 },
      { id: 'b', weight: 40 },
      { id: 'c', weight: 20 },
    ]);
    const moved = KEYS.filter((_, i) => before[i] !== after[i]).length / KEYS.length;
    // A mod-N scheme would move about two thirds of the keys.
    expect(moved).toBeLessThan(0.3);
    expect(Math.abs(shareOf(after, 'c') - 0.2)).toBeLessThan(0.04);
  });

  it('refuses a ring without weight', () => {
    expect(() => buildHashRing([{ id: 'a', weight: 0 }])).toThrow(/weight above 0/u);
    expect(() => buildHashRing([])).toThrow(/weight above 0/u);
  });
});
