/**
 * sim/engine/libm.ts: log/exp/pow/sin/cos computed with arithmetic only, so Node and
 * every browser get the same bits. Held against Math.* (within 1 ulp, on seeded samples
 * of 100,000+ inputs per function and on special values), against ECMA-262's exact
 * special cases of Number::exponentiate, and against correctly rounded integer powers
 * computed exactly with BigInt. Source scans check that nothing in the simulator (or in
 * the packages libm.ts uses) calls the engine's own approximations on the way to a trace.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { cos, exp, log, pow, sin } from "../../sim/engine/libm";

const ROOT = join(import.meta.dirname, "../..");
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** Doubles mapped to integers in their order (−0 and +0 both to 0). */
const ordinal = (x: number): bigint => {
  f64[0] = x;
  const i = i64[0];
  return i < 0n ? -(i & 0x7fffffffffffffffn) : i;
};
/** Distance in units in the last place; 0 for two NaNs, Infinity for NaN against a number. */
const ulps = (a: number, b: number): number => {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
};

const rng = seedrandom.alea("mxsim:test/libm");
const words = new Uint32Array(2);
const wordsAsDouble = new Float64Array(words.buffer);
/** Any finite double, from its bit pattern: every exponent equally likely, subnormals included. */
const anyDouble = (): number => {
  for (;;) {
    words[0] = rng.int32();
    words[1] = rng.int32();
    const x = wordsAsDouble[0];
    if (Number.isFinite(x)) return x;
  }
};
const between = (a: number, b: number): number => a + (b - a) * rng();

type Unary = (x: number) => number;
type Binary = (x: number, y: number) => number;
const SAMPLE = 50_000;

/** The worst inputs (by ulps) of `ours` against `math` over `n` draws of `gen`. */
function compare(ours: Binary, math: Binary, gen: () => [number, number], n = SAMPLE): { max: number; worst: [number, number] | null; differ: number } {
  let max = 0, differ = 0;
  let worst: [number, number] | null = null;
  for (let k = 0; k < n; k++) {
    const [x, y] = gen();
    const d = ulps(ours(x, y), math(x, y));
    if (d > 0) differ++;
    if (d > max) { max = d; worst = [x, y]; }
  }
  return { max, worst, differ };
}

const SPECIAL = [
  NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 4, -4, 1.5, -1.5, 1e-10, -1e-10,
  5e-324, -5e-324, 2.225073858507201e-308, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308,
  1e-300, 1e300, Math.PI, Math.PI / 2, Math.PI / 4, -Math.PI, 1e22, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 1023,
  709.782712893384, 709.79, -745.1332191019411, -745.14, -708.4, 1 - 2 ** -53, 1 + 2 ** -52, 0.9999999, 1.0000001,
];

const unary: [string, Unary, Unary, (() => number)[]][] = [
  ["log", log, Math.log, [() => 1 - rng(), () => Math.abs(anyDouble()), () => 1 + between(-1e-6, 1e-6)]],
  ["exp", exp, Math.exp, [() => between(-745.2, 709.8), () => between(-6, 6), () => between(-1e-8, 1e-8)]],
  ["sin", sin, Math.sin, [() => 2 * Math.PI * rng(), () => between(-1e6, 1e6), anyDouble]],
  ["cos", cos, Math.cos, [() => 2 * Math.PI * rng(), () => between(-1e6, 1e6), anyDouble]],
];

describe("libm: deterministic log, exp, sin, cos", () => {
  for (const [name, ours, math, gens] of unary) {
    it(`${name}: within 1 ulp of Math.${name} on ${gens.length * SAMPLE} seeded inputs (variates' range, wide range, any double)`, () => {
      for (const gen of gens) {
        const r = compare((x) => ours(x), (x) => math(x), () => [gen(), 0]);
        expect(r.max, `worst at ${r.worst?.[0]}`).toBeLessThanOrEqual(1);
      }
    });
    it(`${name}: special values, subnormals and huge arguments give exactly Math.${name}'s answer or one ulp from it`, () => {
      for (const x of SPECIAL) {
        const a = ours(x), b = math(x);
        if (!Number.isFinite(b) || b === 0 || Number.isNaN(b)) expect(Object.is(a, b), `${name}(${x}) = ${a}, Math: ${b}`).toBe(true);
        else expect(ulps(a, b), `${name}(${x})`).toBeLessThanOrEqual(1);
      }
    });
  }

  it("Box–Muller's range: log on (0, 1] and sin/cos on [0, 2π) agree with Math on the exact ends", () => {
    expect(log(1)).toBe(0);
    expect(log(2 ** -53)).toBe(Math.log(2 ** -53));
    expect(sin(0)).toBe(0);
    expect(cos(0)).toBe(1);
  });
});

describe("libm: deterministic pow", () => {
  const gens: [string, () => [number, number]][] = [
    ["Pareto's (1 − u)^(1/α)", () => [1 - rng(), 1 / between(0.1, 10)]],
    ["any positive base, |y| < 2", () => [Math.abs(anyDouble()), between(-2, 2)]],
    ["bases in (0, 4), |y| < 300", () => [between(0, 4), between(-300, 300)]],
    ["negative bases, integer exponents", () => [between(-10, 10), Math.floor(between(-40, 40))]],
  ];
  for (const [what, gen] of gens) {
    it(`within 1 ulp of Math.pow on ${SAMPLE * 2} seeded inputs: ${what}`, () => {
      const r = compare(pow, Math.pow, gen, SAMPLE * 2);
      expect(r.max, `worst at pow(${r.worst?.join(", ")})`).toBeLessThanOrEqual(1);
    });
  }

  it("every pair of special values: ECMA-262's exact result where it fixes one, else within 1 ulp", () => {
    for (const x of SPECIAL) {
      for (const y of SPECIAL) {
        const a = pow(x, y), b = Math.pow(x, y);
        const exact = Number.isNaN(x) || Number.isNaN(y) || x === 0 || y === 0 || !Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(b) || b === 0;
        if (exact) expect(Object.is(a, b), `pow(${x}, ${y}) = ${a}, Math: ${b}`).toBe(true);
        else expect(ulps(a, b), `pow(${x}, ${y}) = ${a}, Math: ${b}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("the special cases of Number::exponentiate (ECMA-262 §6.1.6.1.3)", () => {
    expect(pow(NaN, 0)).toBe(1);
    expect(pow(1, NaN)).toBeNaN();
    expect(pow(1, Infinity)).toBeNaN();
    expect(pow(-1, -Infinity)).toBeNaN();
    expect(Object.is(pow(-0, 5e-324), 0)).toBe(true);
    expect(pow(-0, -5e-324)).toBe(Infinity);
    expect(Object.is(pow(-0, 3), -0)).toBe(true);
    expect(pow(-0, -3)).toBe(-Infinity);
    expect(Object.is(pow(-0, 0.5), 0)).toBe(true);
    expect(pow(-Infinity, 0.5)).toBe(Infinity);
    expect(pow(-Infinity, 1e-300)).toBe(Infinity);
    expect(Object.is(pow(-Infinity, -3), -0)).toBe(true);
    expect(pow(-2, 0.5)).toBeNaN();
    expect(pow(-1, 1e300)).toBe(1);
    expect(pow(-2, 3)).toBe(-8);
    expect(pow(-2, 2 ** 53)).toBe(Infinity);
  });

  it("integer powers x^n (n = 2..8, x in [1, 2)) within 1 ulp of the correctly rounded value, computed exactly with BigInt", () => {
    let worst = 0;
    for (let k = 0; k < 20_000; k++) {
      const m = 2n ** 52n + BigInt(Math.floor(rng() * 2 ** 52)); // x = m · 2^-52
      const x = Number(m) * 2 ** -52;
      for (let n = 2; n <= 8; n++) {
        const exact = Number(m ** BigInt(n)) * 2 ** (-52 * n); // Number(bigint) rounds to nearest; the scaling is exact
        worst = Math.max(worst, ulps(pow(x, n), exact));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("x^3 and x^4 are correctly rounded on this sample (stdlib's bare products are up to 2 ulp off)", () => {
    let off = 0;
    for (let k = 0; k < 20_000; k++) {
      const m = 2n ** 52n + BigInt(Math.floor(rng() * 2 ** 52));
      const x = Number(m) * 2 ** -52;
      for (const n of [3, 4]) if (pow(x, n) !== Number(m ** BigInt(n)) * 2 ** (-52 * n)) off++;
    }
    expect(off).toBe(0);
    expect(pow(1.6195815103128552, 4)).toBe(6.880361234758679);
  });
});

/** Calls of the engine's approximated functions (ECMA-262 §21.3.2: all but sqrt, abs, the roundings, min/max, fround, sign, clz32, imul). */
const APPROXIMATED = /\bMath\.(log|log1p|log2|log10|exp|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/g;
const stripComments = (src: string): string => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("libm: nothing on the way to a trace uses the engine's own approximations", () => {
  it("the stdlib functions libm.ts uses, as bundled, call none of them", () => {
    const out = buildSync({
      stdin: { contents: ["cos", "exp", "ln", "pow", "sin"].map((f) => `export { default as ${f} } from "@stdlib/math-base-special-${f}";`).join("\n"), resolveDir: ROOT },
      bundle: true, minify: true, write: false, format: "esm", legalComments: "none", logLevel: "silent",
    });
    const code = out.outputFiles[0].text;
    expect(code.length).toBeGreaterThan(10_000); // the functions really are in it
    expect(code.match(APPROXIMATED) ?? []).toEqual([]);
  });

  it("sim/ (but the Node-only CLI) calls them only where the result is exact or never reaches a run", () => {
    // Where the spec fixes the result, or the value is not used by any run.
    const allowed: Record<string, string[]> = {
      "sim/engine/libm.ts": ["Math.pow"], // only for the special cases ECMA-262 fixes exactly
      "sim/scenario/distributions.ts": ["Math.exp"], // meanOf: called by nothing
    };
    const found: Record<string, string[]> = {};
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) { if (relative(ROOT, p) !== join("sim", "cli")) walk(p); continue; }
        if (!e.name.endsWith(".ts")) continue;
        const calls = stripComments(readFileSync(p, "utf8")).match(APPROXIMATED);
        if (calls !== null) found[relative(ROOT, p)] = [...new Set(calls)];
      }
    };
    walk(join(ROOT, "sim"));
    expect(found).toEqual(allowed);
  });
});
