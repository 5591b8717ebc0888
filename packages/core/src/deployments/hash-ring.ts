import { invalidArgument } from '../errors.js';
import { murmur3 } from './murmur3.js';
import type { VariantId } from './variants.js';

/** Virtual nodes shared out among the variants in proportion to their weights. */
export const HASH_RING_POINTS = 4096;

export interface WeightedVariant {
  id: VariantId;
  weight: number;
}

/**
 * A consistent-hash ring: sorted 32-bit positions, each owned by a variant. Derived data: rebuild it
 * with buildHashRing whenever the variants or weights change (it is not meant to be persisted).
 */
export interface HashRing {
  readonly positions: Uint32Array;
  /** Index into `ids` of the owner of the position at the same index. */
  readonly owners: Uint16Array;
  readonly ids: readonly VariantId[];
}

/**
 * Builds a ring where variant i owns round(share_i * HASH_RING_POINTS) virtual nodes (at least one
 * when its weight is above 0), placed at murmur3(`${id}#${k}`) for k = 0, 1, 2, ... Because node k
 * of a variant always lands at the same place, a variant whose share grows keeps all its old nodes
 * and gains more, and one whose share shrinks loses only its highest-numbered nodes: a weight change
 * moves only keys that must move, and never moves a key away from a variant whose share grew.
 */
export function buildHashRing(variants: readonly WeightedVariant[]): HashRing {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) {
    throw invalidArgument('A hash ring needs at least one variant with a finite weight above 0.');
  }
  if (variants.length > 0xffff) throw invalidArgument('A hash ring takes at most 65535 variants.');
  const nodes: Array<{ position: number; owner: number }> = [];
  variants.forEach((variant, owner) => {
    if (!(variant.weight >= 0)) {
      throw invalidArgument(`Variant '${variant.id}' has a negative weight.`);
    }
    if (variant.weight === 0) return;
    const count = Math.max(1, Math.round((variant.weight / total) * HASH_RING_POINTS));
    for (let k = 0; k < count; k += 1) {
      nodes.push({ position: murmur3(`${variant.id}#${k}`), owner });
    }
  });
  // Ties between positions (rare) are broken by variant id, not list order, so reordering the
  // variants in a spec never changes where a key goes.
  nodes.sort(
    (a, b) =>
      a.position - b.position ||
      compareIds(variants[a.owner]?.id ?? '', variants[b.owner]?.id ?? ''),
  );
  const positions = new Uint32Array(nodes.length);
  const owners = new Uint16Array(nodes.length);
  nodes.forEach((node, index) => {
    positions[index] = node.position;
    owners[index] = node.owner;
  });
  return { positions, owners, ids: variants.map((variant) => variant.id) };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The variant owning the first virtual node at or after the key's hash, wrapping around. */
export function lookupHashRing(ring: HashRing, key: string): VariantId {
  const hash = murmur3(key);
  const { positions } = ring;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < hash) lo = mid + 1;
    else hi = mid;
  }
  const owner = ring.owners[lo === positions.length ? 0 : lo] as number;
  return ring.ids[owner] as VariantId;
}
