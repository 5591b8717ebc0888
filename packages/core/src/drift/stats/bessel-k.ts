/**
 * Modified Bessel function of the second kind K_nu(x) for x > 0, from its integral
 * representation K_nu(x) = int_0^inf exp(-x cosh t) cosh(nu t) dt. The trapezoidal rule on this
 * analytic, doubly-exponentially decaying integrand converges geometrically, so a fixed step of
 * 1/32 is accurate to machine precision.
 */
export function besselK(nu: number, x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : Number.NaN;
  const step = 1 / 32;
  let sum = 0.5 * Math.exp(-x);
  for (let k = 1; ; k++) {
    const t = k * step;
    const term = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return sum * step;
}
