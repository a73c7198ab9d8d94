/**
 * The fuzz campaign, bounded: a fixed number of mutants of the bundled scenarios with a
 * fixed seed (test/fuzz/campaign.ts). Each must be refused with positions, run with the
 * balance holding, or be stopped by a guard within 5 % of its cap — never crash, hang or
 * lose a message. `npm run fuzz -- --seconds N --seed S` runs long campaigns.
 */
import { describe, expect, it } from "vitest";
import { campaign } from "./campaign";

describe("fuzzed scenarios", () => {
  it("600 mutants of the bundled scenarios: every one refused with positions, run with the balance holding, or stopped by a guard", () => {
    const r = campaign({ seed: 20261208, cases: 600, caps: { maxEvents: 100_000, maxWallMs: 1_500 } });
    const report = r.defects.map((d) => `${d.count} × ${d.why} (smallest: ${d.smallest.scenario} index ${d.smallest.index}: ${d.smallest.steps.join(", ")})`);
    expect(report).toEqual([]);
    // Not vacuous: the mutants reach both validation and the models.
    expect(r.counts.invalid).toBeGreaterThan(50);
    expect(r.counts.ran).toBeGreaterThan(50);
  }, 240_000);
});
