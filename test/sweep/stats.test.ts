import { describe, expect, it } from "vitest";
import { analyse, summaryCsv, type ReportPlan } from "../../sim/cli/sweep/report";
import type { RunRecord } from "../../sim/cli/sweep/run-task";
import { meanCI, pairedDiffCI, studentT } from "../../sim/cli/sweep/stats";

describe("Student t confidence intervals", () => {
  it("t quantiles match the printed table (two-sided 95 %)", () => {
    // Abramowitz & Stegun table 26.10 / any statistics textbook, t_{0.975, df}.
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [3, 3.1824], [4, 2.7764], [9, 2.2622], [29, 2.0452], [120, 1.9799]];
    for (const [df, t] of table) expect(studentT(0.975, df)).toBeCloseTo(t, 4);
    expect(studentT(0.025, 9)).toBeCloseTo(-2.2622, 4);
  });

  it("mean ± CI of a small sample, computed by hand", () => {
    // x = 2, 4, 4, 5: mean 3.75; s² = (1.75² + 0.25² + 0.25² + 1.25²)/3 = 4.75/3; s = 1.258306;
    // half = t(0.975, 3) · s/√4 = 3.182446 × 1.258306 / 2 = 2.002245.
    const ci = meanCI([2, 4, 4, 5]);
    expect(ci.n).toBe(4);
    expect(ci.mean).toBe(3.75);
    expect(ci.sd).toBeCloseTo(1.258306, 6);
    expect(ci.half).toBeCloseTo(2.002245, 5);
    expect(ci.lo).toBeCloseTo(1.747755, 5);
    expect(ci.hi).toBeCloseTo(5.752245, 5);
    // Not z: 1.96 · s/√n would give 1.2331.
    expect(ci.half).toBeGreaterThan(1.5);
  });

  it("paired differences use the replications pairwise (common random numbers)", () => {
    // d = (5−4, 7−5, 6−5) = (1, 2, 1): mean 4/3, s = √(1/3), half = 4.302653 · 0.577350/√3 = 1.434218.
    const d = pairedDiffCI([5, 7, 6], [4, 5, 5]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(4 / 3, 12);
    expect(d.half).toBeCloseTo(1.434218, 5);
    // d = (1, 2, 1, 2): mean 1.5, s = 0.577350, half = 3.182446 · 0.577350/2 = 0.918693: the CI
    // excludes 0, though the two configurations' own CIs overlap.
    const x = [5, 7, 6, 8], b = [4, 5, 5, 6];
    const d4 = pairedDiffCI(x, b);
    expect(d4.half).toBeCloseTo(0.918693, 5);
    expect(d4.lo).toBeGreaterThan(0);
    expect(meanCI(x).lo).toBeLessThan(meanCI(b).hi);
    // A replication missing in either configuration is left out of the pairs.
    expect(pairedDiffCI([5, null, 6, 9], [4, 5, 5, null]).n).toBe(2);
  });

  it("summary.csv carries mean, CI and the paired difference per configuration and metric", () => {
    const rec = (config: string, replication: number, delivered: number): RunRecord => ({
      key: `${config}${replication}`, config, replication, seed: replication, fingerprint: "f", simTime: 1, events: 1, wallMs: 0,
      bandwidths: { "a--b": 1.5e6 }, metrics: { delivered }, summary: {} as RunRecord["summary"],
    });
    const plan: ReportPlan = { name: "t", configs: ["base", "alt"], seeds: [1, 2, 3], baseline: "base", columns: ["delivered"], links: ["a--b"] };
    const runs = [rec("base", 1, 4), rec("base", 2, 5), rec("base", 3, 5), rec("alt", 1, 5), rec("alt", 2, 7), rec("alt", 3, 6)];
    const stats = analyse(plan, runs);
    expect(stats[1].metrics.delivered.values).toEqual([5, 7, 6]);
    const rows = summaryCsv(plan, stats).trim().split("\n").map((l) => l.split(","));
    const head = rows[0];
    const alt = Object.fromEntries(head.map((h, i) => [h, rows[2][i]]));
    expect(alt.config).toBe("alt");
    expect(Number(alt.mean)).toBe(6);
    expect(Number(alt.ci95_half)).toBeCloseTo(4.302653 * 1 / Math.sqrt(3), 5); // s = 1
    expect(Number(alt.diff_mean)).toBeCloseTo(4 / 3, 8);
    expect(Number(alt.diff_ci95_lo)).toBeCloseTo(4 / 3 - 1.434218, 5);
    expect(alt.links).toBe("a--b 1.5Mbps");
    const base = Object.fromEntries(head.map((h, i) => [h, rows[1][i]]));
    expect(base.diff_mean).toBe(""); // no difference of the baseline with itself
  });
});
