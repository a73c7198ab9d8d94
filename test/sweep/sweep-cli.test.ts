import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../sim/cli/sweep/run-task";
import { mxsim, smallSweep } from "./fixture";

const tmp = mkdtempSync(join(tmpdir(), "mxsim-sweep-cli-"));

function csv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split("\n").map((l) => l.split(","));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

describe("mxsim sweep", () => {
  const sweep = smallSweep(tmp, 2);
  const out = join(tmp, "out");
  let r: ReturnType<typeof mxsim>;
  beforeAll(() => {
    r = mxsim("sweep", sweep, "--out", out, "--workers", "2");
  }, 180_000);

  it("runs every configuration × replication and writes the reports", () => {
    expect(r.stderr).toMatch(/4 runs \(2 configurations × 2 replications\): 0 already done, 4 to run on 2 worker processes/);
    expect(r.code).toBe(0);
    for (const f of ["results.csv", "summary.csv", "report.txt", "charts.json", "sweep.json", "configs/postfix.yaml", "configs/qmail.yaml"]) {
      expect(readFileSync(join(out, f), "utf8").length).toBeGreaterThan(0);
    }
    const svgs = readdirSync(join(out, "charts"));
    expect(svgs).toContain("drainTime.svg");
    const svg = readFileSync(join(out, "charts", "linkUtilPeak-internet--gateway.svg"), "utf8");
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("links: internet--gateway 1.5Mbps"); // S13: every chart states the bandwidth
    expect(r.stdout).toMatch(/links: internet--gateway 1\.5Mbps/);
    expect(csv(readFileSync(join(out, "results.csv"), "utf8"))[0]["bandwidth[internet--gateway]"]).toBe("1500000");
    const charts = JSON.parse(readFileSync(join(out, "charts.json"), "utf8"));
    expect(charts.format).toBe("mxsim-sweep-charts/1");
    expect(charts.charts.find((c: { column: string }) => c.column === "delivered").configs.map((c: { name: string }) => c.name)).toEqual(["postfix", "qmail"]);
  });

  it("each run's results equal a single `mxsim run` of the same configuration and seed", () => {
    const rows = csv(readFileSync(join(out, "results.csv"), "utf8"));
    expect(rows).toHaveLength(4);
    for (const row of rows.filter((x) => x.replication === "2")) {
      const single = mxsim("run", join(out, "configs", `${row.config}.yaml`), "--seed", row.seed, "--json");
      expect(single.code).toBe(0);
      const s = JSON.parse(single.stdout);
      expect(row.fingerprint).toBe(s.fingerprint);
      expect(Number(row.delivered)).toBe(s.messages.delivered);
      expect(Number(row.bounced)).toBe(s.messages.bounced);
      expect(Number(row.latencyP90)).toBeCloseTo(s.latency.p90, 6);
      expect(Number(row["peakQueue[relay]"])).toBe(s.mtas.relay.peakQueue);
      expect(Number(row.smtpSessions)).toBe(Object.values(s.mtas as Record<string, { sessions: number }>).reduce((a, m) => a + m.sessions, 0));
      expect(Number(row["linkUtilMean[internet--gateway]"])).toBeCloseTo(s.links["internet--gateway"].meanUtilisation, 8);
      const file = readdirSync(join(out, "runs")).find((f) => f.startsWith(`${row.config}--r2--`));
      const rec = JSON.parse(readFileSync(join(out, "runs", file ?? "?"), "utf8")) as RunRecord;
      const strip = (x: Record<string, unknown>) => ({ ...x, wallMs: 0, file: "" });
      expect(strip(rec.summary as unknown as Record<string, unknown>)).toEqual(strip(s));
    }
    // Common random numbers: replication k has seed k in both configurations, so the same traffic.
    const injected = (c: string, k: string) => rows.find((x) => x.config === c && x.replication === k);
    expect(injected("postfix", "1")?.seed).toBe(injected("qmail", "1")?.seed);
  });

  it("a second run of the same sweep runs nothing and reports the same", () => {
    const before = readFileSync(join(out, "results.csv"), "utf8");
    const again = mxsim("sweep", sweep, "--out", out, "--workers", "2");
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/4 already done, 0 to run/);
    expect(again.stdout).toMatch(/ran 0 runs now/);
    expect(again.stdout.split("\nran ")[0]).toBe(r.stdout.split("\nran ")[0]);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(before);
  });

  it("bad input exits 2 with a positioned error", () => {
    const bad = mxsim("sweep", sweep, "--workers", "zero");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers: "zero" is not a whole number \(expected a whole number from 1 to 1024\)/);
    expect(mxsim("sweep", "no-such-sweep").stderr).toMatch(/no sweep file "no-such-sweep"/);
  });
});
