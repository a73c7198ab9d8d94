/**
 * Named random streams derived from the scenario seed.
 *
 * Every random draw in mxsim comes from a *named* stream: `traffic/users`,
 * `mta/gateway/mx-shuffle`, `dns/ns1/latency`… A stream is seeded from
 * (scenario seed, name) alone, so it does not matter in which order streams are
 * created or how many draws other streams made. That gives *common random numbers*:
 * swap the gateway's retry law and the users still send exactly the same messages
 * at exactly the same times, so two strategies are compared on the same traffic
 * (the variance-reduction technique of Law & Kelton, ch. 11).
 *
 * The generator is Alea (Baagøe) from `seedrandom`: fast, 2^116 period, and the
 * same sequence in Node and in every browser. The variates are drawn with libm.ts's
 * log/exp/pow/sin/cos, not Math's, so they too are the same bits everywhere.
 */
import seedrandom from "seedrandom";
import { cos, exp, log, pow, sin } from "./libm";

export interface Stream {
  readonly name: string;
  /** Uniform in [0, 1). */
  random(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Normal (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** Lognormal with the given *median* e^μ and shape σ (so mean = median·e^(σ²/2)). */
  lognormal(median: number, sigma: number): number;
  /** Pareto type I with scale xm (the minimum) and shape alpha. */
  pareto(xm: number, alpha: number): number;
  /** Index chosen with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[]): number;
  /** An element chosen with probability proportional to its weight. */
  weightedChoice<T>(items: readonly T[], weights: readonly number[]): T;
  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

function makeStream(name: string, next: () => number): Stream {
  let spareNormal = NaN;
  const normal01 = (): number => {
    if (spareNormal === spareNormal) {
      const z = spareNormal;
      spareNormal = NaN;
      return z;
    }
    // Box–Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * log(u));
    spareNormal = r * sin(2 * Math.PI * v);
    return r * cos(2 * Math.PI * v);
  };
  const stream: Stream = {
    name,
    random: next,
    uniform: (a, b) => a + (b - a) * next(),
    int: (n) => Math.floor(next() * n),
    bernoulli: (p) => next() < p,
    exponential: (rate) => -log(1 - next()) / rate,
    normal: (mean, sd) => mean + sd * normal01(),
    lognormal: (median, sigma) => median * exp(sigma * normal01()),
    pareto: (xm, alpha) => xm / pow(1 - next(), 1 / alpha),
    weightedIndex(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i];
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    weightedChoice: (items, weights) => items[stream.weightedIndex(weights)],
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    },
  };
  return stream;
}

/** The family of named streams of one run. */
export class RandomStreams {
  private readonly streams = new Map<string, Stream>();

  constructor(readonly seed: number | string) {}

  /** The stream with this name; the same object on every call. */
  stream(name: string): Stream {
    let s = this.streams.get(name);
    if (s === undefined) {
      const prng = seedrandom.alea(`mxsim:${this.seed}:${name}`);
      s = makeStream(name, prng);
      this.streams.set(name, s);
    }
    return s;
  }
}
