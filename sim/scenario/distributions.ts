/**
 * Distributions and rates as scenarios write them:
 *
 *   size: 10KB                      a constant
 *   size: lognormal(10KB, 1.0)      median 10 KB, shape σ = 1.0
 *   size: exponential(20KB)         mean 20 KB
 *   size: uniform(1KB, 100KB)
 *   size: pareto(5KB, 1.5)          minimum 5 KB, shape α = 1.5
 *   rate: 2/min, 400/s, 10/h, 1000/d
 *
 * Parsed once when the scenario loads into a small spec; `sample` draws from a
 * named stream. The first argument of each distribution carries the unit.
 */
import { parseDuration, type Stream } from "../engine";

export type Distribution =
  | { kind: "constant"; value: number }
  | { kind: "lognormal"; median: number; sigma: number }
  | { kind: "exponential"; mean: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "pareto"; min: number; alpha: number };

const CALL = /^\s*([a-z]+)\s*\(\s*([^,()]+?)\s*(?:,\s*([^,()]+?)\s*)?\)\s*$/;

export const DISTRIBUTION_FORMS = "a value or lognormal(median, sigma), exponential(mean), uniform(min, max), pareto(min, alpha)";

/** Parse a distribution whose values are read by `unit` (parseSize, parseDuration...). Throws Error with a reason. */
export function parseDistribution(text: unknown, unit: (v: unknown) => number): Distribution {
  const d = parseForm(text, unit);
  // A draw must be a number a model can use: a finite mean (pareto needs α > 1) of at most
  // 10^15 in the unit's base (a petabyte, or 30 million years), which keeps every draw finite.
  const mean = meanOf(d);
  if (!(mean <= 1e15)) throw new Error(`${d.kind === "constant" ? "value" : `${d.kind}()`} has mean ${Number.isFinite(mean) ? mean.toExponential(2) : "infinity"} (at most 1e15 in the base unit; pareto needs alpha > 1)`);
  return d;
}

function parseForm(text: unknown, unit: (v: unknown) => number): Distribution {
  if (typeof text === "number") return { kind: "constant", value: unit(text) };
  if (typeof text !== "string") throw new Error(`expected ${DISTRIBUTION_FORMS}`);
  const m = CALL.exec(text);
  if (m === null) return { kind: "constant", value: unit(text) };
  const [, name, a, b] = m;
  const num = (s: string | undefined, what: string): number => {
    const x = Number(s);
    if (s === undefined || !Number.isFinite(x) || x <= 0) throw new Error(`${name}(): ${what} must be a positive number`);
    return x;
  };
  switch (name) {
    case "lognormal":
      return { kind: "lognormal", median: unit(a), sigma: num(b, "sigma") };
    case "exponential":
    case "exp":
      if (b !== undefined) throw new Error("exponential() takes one argument, the mean");
      return { kind: "exponential", mean: unit(a) };
    case "uniform": {
      const min = unit(a);
      const max = unit(b);
      if (!(max >= min)) throw new Error("uniform(min, max): max must be >= min");
      return { kind: "uniform", min, max };
    }
    case "pareto":
      return { kind: "pareto", min: unit(a), alpha: num(b, "alpha") };
    default:
      throw new Error(`unknown distribution "${name}"`);
  }
}

export function sample(d: Distribution, s: Stream): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "lognormal":
      return s.lognormal(d.median, d.sigma);
    case "exponential":
      return s.exponential(1 / d.mean);
    case "uniform":
      return s.uniform(d.min, d.max);
    case "pareto":
      return s.pareto(d.min, d.alpha);
  }
}

export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "lognormal":
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case "exponential":
      return d.mean;
    case "uniform":
      return (d.min + d.max) / 2;
    case "pareto":
      return d.alpha > 1 ? (d.alpha * d.min) / (d.alpha - 1) : Infinity;
  }
}

/** Events per second from `2/min`, `400/s`, `10/h`, `1000/d`, or a bare number per second. */
export function parseRate(text: unknown): number {
  if (typeof text === "number" && text > 0) return text;
  if (typeof text === "string") {
    const m = /^\s*([0-9.]+)\s*\/\s*([a-z]+)\s*$/.exec(text);
    if (m !== null) {
      const per = parseDuration(`1${m[2]}`);
      const n = Number(m[1]);
      if (Number.isFinite(n) && n > 0) return n / per;
    }
  }
  throw new Error("expected a rate like 2/min, 400/s, 10/h");
}
