import gammainc from '@stdlib/math-base-special-gammainc';

/** Upper tail of the chi-square distribution with `dof` degrees of freedom. */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // The regularised upper incomplete gamma keeps full relative accuracy for tiny p-values.
  return gammainc(x / 2, dof / 2, true, true);
}
