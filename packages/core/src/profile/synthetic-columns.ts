import { seededRandom } from '../drift/stats/random.js';

/** Seeded synthetic columns for the profile tests (Box-Muller normals). */
export function syntheticColumn(kind: string, n: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'normal') out[i] = normal();
    else if (kind === 'shifted') out[i] = normal() + 0.1;
    else if (kind === 'lognormal') out[i] = Math.exp(normal());
    else if (kind === 'bimodal') out[i] = normal() + (rand() < 0.3 ? 4 : 0);
    else out[i] = Math.round(normal() * 20) / 4; // heavy ties: ~200 distinct values
  }
  return out;
}

/** A ColumnarTable from plain columns, for tests. */
export function tableOf(
  columns: Record<string, Float64Array | (string | number | boolean | null)[]>,
) {
  const names = Object.keys(columns);
  return {
    columnNames: names,
    columns: new Map(Object.entries(columns)),
    rowCount: names.length === 0 ? 0 : columns[names[0]!]!.length,
  };
}
