import type { LineageDirection } from '@slipway/core';

/** TanStack Query keys of the lineage page: one graph per root, direction and depth. */
export const lineageKeys = {
  all: ['lineage'] as const,
  graph: (node: string, direction: LineageDirection, depth: number) =>
    ['lineage', node, direction, depth] as const,
};
