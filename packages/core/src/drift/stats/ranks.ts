/**
 * Pooled-sample rank information for two sorted samples, walked value by value: for each
 * distinct value, how many of it each sample holds. Mann-Whitney, Anderson-Darling and
 * Cramér-von Mises all read their midranks and tie counts from this walk.
 */
export function forEachDistinct(
  a: Float64Array,
  b: Float64Array,
  visit: (countA: number, countB: number, value: number) => void,
): void {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const i0 = i;
    const j0 = j;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    visit(i - i0, j - j0, v);
  }
}
