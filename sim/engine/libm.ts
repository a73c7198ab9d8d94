/**
 * log, exp, pow, sin and cos that give the same bits in every JavaScript engine.
 *
 * ECMAScript fixes `+ - * /` and `Math.sqrt` to IEEE 754's correctly rounded results
 * but leaves `Math.log`, `exp`, `pow`, `sin` and `cos` "implementation-approximated"
 * (ECMA-262 §21.3.2): V8 builds for Node and for Chromium disagree in the last bit on a
 * few per cent of inputs, enough for one variate to move an event by an ulp and change
 * a run's fingerprint. Everything the simulator computes on the way to its trace uses
 * these instead: stdlib's pure-JavaScript ports of FreeBSD msun (fdlibm's descendant),
 * which use only arithmetic and integer operations on the words of a double, so every
 * engine computes them identically. Their sources: `e_log.c` (ln), Go's `exp.go` after
 * `e_exp.c` (exp), `e_pow.c` (pow), `s_sin.c`/`s_cos.c` with `k_sin.c`, `k_cos.c` and
 * `e_rem_pio2.c` (sin, cos). test/engine/libm.test.ts holds them within 1 ulp of Math.*.
 */
import cos from "@stdlib/math-base-special-cos";
import exp from "@stdlib/math-base-special-exp";
import log from "@stdlib/math-base-special-ln";
import stdlibPow from "@stdlib/math-base-special-pow";
import sin from "@stdlib/math-base-special-sin";

export { cos, exp, log, sin };

/** 2^27 + 1: Veltkamp's constant, splitting a double into two 26-bit halves. */
const SPLITTER = 134217729;
/** x within [1e-60, 1e60]: x⁴ and the error terms of its products stay normal, so the error terms are exact. */
const DD_MIN = 1e-60;
const DD_MAX = 1e60;
/** 2^53: every double at least this large is an even integer. */
const TWO53 = 9007199254740992;

/** The rounding error of a·b (a·b = fl(a·b) + err exactly): Dekker's product, arithmetic only. */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/**
 * x^3 and x^4 for x > 0. stdlib's pow answers these two exponents with plain products
 * (x·x·x, (x·x)²), up to 2 ulp off where e_pow.c is within 1; carrying x² as a
 * double-double keeps the result within about half an ulp.
 */
function cubeOrFourth(x: number, y: 3 | 4): number {
  if (x < DD_MIN || x > DD_MAX) return stdlibPow(x, y);
  const p2 = x * x;
  const e2 = productError(x, x, p2);
  if (y === 3) {
    const p3 = p2 * x;
    return p3 + (productError(p2, x, p3) + e2 * x);
  }
  const p4 = p2 * p2;
  return p4 + (productError(p2, p2, p4) + 2 * p2 * e2);
}

function positivePow(x: number, y: number): number {
  return y === 3 || y === 4 ? cubeOrFourth(x, y) : stdlibPow(x, y);
}

/**
 * x^y. The results ECMA-262 fixes exactly (Number::exponentiate: a NaN, a zero or
 * infinite base or exponent) come from Math.pow, which every engine must compute the
 * same; the approximated rest from stdlib. stdlib's own special cases are not taken:
 * it answers pow(-0, 5e-324) = 1, pow(-1, 1e300) = -1 and pow(-∞, 0.5) = NaN.
 */
export function pow(x: number, y: number): number {
  if (x === 0 || y === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return Math.pow(x, y);
  if (x > 0) return positivePow(x, y);
  if (!Number.isInteger(y)) return NaN;
  const r = positivePow(-x, y);
  return Math.abs(y) < TWO53 && y % 2 !== 0 ? -r : r;
}
