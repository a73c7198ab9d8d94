import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine";

const draw = (s: { random(): number }, n: number): number[] => Array.from({ length: n }, () => s.random());

describe("named random streams", () => {
  it("a stream's draws depend only on (seed, name), not on creation order or other streams' draws", () => {
    const a = new RandomStreams(42);
    const x1 = draw(a.stream("traffic/users"), 5);
    const b = new RandomStreams(42);
    draw(b.stream("mta/gateway/mx-shuffle"), 1000);
    const x2 = draw(b.stream("traffic/users"), 5);
    expect(x2).toEqual(x1);
  });

  it("different names and different seeds give different sequences", () => {
    const r = new RandomStreams(42);
    expect(draw(r.stream("a"), 5)).not.toEqual(draw(r.stream("b"), 5));
    expect(draw(new RandomStreams(1).stream("a"), 5)).not.toEqual(draw(new RandomStreams(2).stream("a"), 5));
  });

  it("the same name returns the same stream object (draws continue, not restart)", () => {
    const r = new RandomStreams(3);
    const first = r.stream("x").random();
    expect(r.stream("x").random()).not.toBe(first);
    expect(r.stream("x")).toBe(r.stream("x"));
  });

  it("streams with adjacent names are uncorrelated (|r| < 0.01 over 100,000 pairs)", () => {
    const r = new RandomStreams(9);
    const a = draw(r.stream("s1"), 100_000);
    const b = draw(r.stream("s2"), 100_000);
    const mean = (v: number[]): number => v.reduce((p, q) => p + q, 0) / v.length;
    const ma = mean(a), mb = mean(b);
    let cov = 0, va = 0, vb = 0;
    for (let i = 0; i < a.length; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) ** 2;
      vb += (b[i] - mb) ** 2;
    }
    expect(Math.abs(cov / Math.sqrt(va * vb))).toBeLessThan(0.01);
  });

  const N = 200_000;
  const stats = (f: () => number): { mean: number; variance: number; values: number[] } => {
    const values = Array.from({ length: N }, f);
    const mean = values.reduce((p, q) => p + q, 0) / N;
    const variance = values.reduce((p, q) => p + (q - mean) ** 2, 0) / (N - 1);
    return { mean, variance, values };
  };

  it("distributions have their analytic means and variances", () => {
    const s = new RandomStreams(5).stream("dist");
    const u = stats(() => s.uniform(2, 6));
    expect(u.mean).toBeCloseTo(4, 1);
    expect(u.variance).toBeCloseTo(16 / 12, 1);
    const e = stats(() => s.exponential(0.5));
    expect(Math.abs(e.mean - 2) / 2).toBeLessThan(0.01);
    expect(Math.abs(e.variance - 4) / 4).toBeLessThan(0.03);
    const n = stats(() => s.normal(10, 3));
    expect(Math.abs(n.mean - 10)).toBeLessThan(0.03);
    expect(Math.abs(n.variance - 9) / 9).toBeLessThan(0.02);
    // Lognormal with median m and shape σ: mean = m·e^(σ²/2), median = m.
    const l = stats(() => s.lognormal(10_000, 1));
    expect(Math.abs(l.mean - 10_000 * Math.exp(0.5)) / (10_000 * Math.exp(0.5))).toBeLessThan(0.02);
    const sorted = l.values.slice().sort((p, q) => p - q);
    expect(Math.abs(sorted[N / 2] - 10_000) / 10_000).toBeLessThan(0.02);
    // Pareto(xm, α): mean α·xm/(α−1) for α > 1, and never below xm.
    const p = stats(() => s.pareto(1, 3));
    expect(Math.abs(p.mean - 1.5) / 1.5).toBeLessThan(0.02);
    expect(p.values.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(1);
  });

  it("weighted choice follows the weights; shuffle is a permutation", () => {
    const s = new RandomStreams(11).stream("choice");
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[s.weightedIndex([1, 2, 3])]++;
    // Expected 10k, 20k, 30k; binomial sd ≈ 100–120, allow 5 sd.
    expect(Math.abs(counts[0] - 10_000)).toBeLessThan(500);
    expect(Math.abs(counts[1] - 20_000)).toBeLessThan(600);
    expect(Math.abs(counts[2] - 30_000)).toBeLessThan(650);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const sh = s.shuffle(items);
    expect(sh).not.toEqual(items);
    expect(sh.slice().sort((a, b) => a - b)).toEqual(items);
  });
});
