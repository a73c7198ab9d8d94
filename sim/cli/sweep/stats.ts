/**
 * Confidence intervals over replications, the way a simulation study reports them.
 *
 * A sweep runs each configuration n times (replications k = 1..n, each its own
 * seed). The replications' values of a metric are independent draws, so the mean
 * over them has a 95 % confidence interval
 *
 *     mean ± t(0.975, n−1) · s / √n
 *
 * with s the sample standard deviation (n − 1 in the denominator) and t the
 * Student t quantile — not the normal 1.96: with 10 replications t is 2.262, and
 * with 3 it is 4.303; using z would claim more certainty than the data give.
 *
 * **Paired differences (common random numbers).** Replication k of every
 * configuration uses the same seed, so the same traffic meets each strategy. The
 * difference d_k = x_k(config) − x_k(baseline) then cancels the traffic's own
 * noise, and the CI of the mean of d_k is usually far narrower than what two
 * independent CIs would suggest. A difference whose CI excludes 0 is significant
 * at the 5 % level.
 */

export interface Interval {
  /** Replications with a value (a metric may be undefined in some, e.g. a backlog that never drained). */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN when n < 2. */
  sd: number;
  /** Half-width of the 95 % CI; NaN when n < 2. */
  half: number;
  lo: number;
  hi: number;
}

/** Mean and 95 % Student-t confidence interval of the defined values. */
export function meanCI(values: readonly (number | null)[], level = 0.95): Interval {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, half: NaN, lo: NaN, hi: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: NaN, half: NaN, lo: NaN, hi: NaN };
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  const sd = Math.sqrt(ss / (n - 1));
  const half = studentT(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, half, lo: mean - half, hi: mean + half };
}

/** CI of the mean paired difference x[k] − base[k], over the replications where both are defined. */
export function pairedDiffCI(x: readonly (number | null)[], base: readonly (number | null)[], level = 0.95): Interval {
  const d: number[] = [];
  for (let k = 0; k < Math.min(x.length, base.length); k++) {
    const a = x[k], b = base[k];
    if (a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b)) d.push(a - b);
  }
  return meanCI(d, level);
}

/** The p-quantile of Student's t distribution with `df` degrees of freedom (p in (0, 1)). */
export function studentT(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new Error(`studentT: p=${p} df=${df} out of range`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentT(1 - p, df);
  // Bracket, then bisect the CDF: 200 halvings reach full double precision.
  let lo = 0, hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for Student's t: 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    const step = d * c;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return (front * f) / a;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
function lnGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
