import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

function mxsim(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "mxsim-cli-"));

describe("mxsim CLI", () => {
  it("a bad scenario exits 2 with file:line:col lines and no stack trace", () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "name: x\nduration: 2 fortnights\nhosts:\n  a: {}\nlinks:\n  - { between: [a, b], bandwidth: 1Mbps, latency: 1ms }\n");
    const r = mxsim("run", bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:11: duration: cannot read "2 fortnights" \\(expected a duration`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
  });

  it("unknown flags and commands exit 2 with usage", () => {
    expect(mxsim("run", "default", "--colour").code).toBe(2);
    const r = mxsim("frobnicate");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(mxsim("run", "no-such-scenario").stderr).toMatch(/no scenario file "no-such-scenario"/);
  });

  it("the fingerprint is the same across 3 runs, and changes with the seed", () => {
    const fps = [1, 2, 3].map(() => JSON.parse(mxsim("run", "default", "--json", "--until", "8h").stdout).fingerprint as string);
    expect(fps[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(fps).size).toBe(1);
    const other = JSON.parse(mxsim("run", "default", "--json", "--until", "8h", "--seed", "7").stdout);
    expect(other.fingerprint).not.toBe(fps[0]);
    expect(other.seed).toBe(7);
  });

  it("--no-fingerprint leaves the fingerprint out and changes nothing else", () => {
    const withFp = JSON.parse(mxsim("run", "second-mx", "--json").stdout);
    const without = mxsim("run", "second-mx", "--json", "--no-fingerprint");
    expect(without.code).toBe(0);
    const s = JSON.parse(without.stdout);
    expect(withFp.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(s.fingerprint).toBeNull();
    expect(s.traceEvents).toBeGreaterThan(0);
    expect({ ...s, fingerprint: withFp.fingerprint, wallMs: 0 }).toEqual({ ...withFp, wallMs: 0 });
    expect(mxsim("run", "second-mx", "--no-fingerprint").stdout).toMatch(/fingerprint not computed/);
  });

  it("--json carries the documented fields and a balanced message count", () => {
    const r = mxsim("run", "line-saturation", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    for (const k of ["scenario", "seed", "simTime", "events", "wallMs", "fingerprint", "messages", "links"]) expect(s).toHaveProperty(k);
    const m = s.messages;
    expect(m.lost).toBe(0);
    expect(m.delivered + m.bounced + m.discarded + m.rejected + m.failed + m.queued + m.lost).toBe(m.injected);
    // 20 × 1 MB over 1.5 Mbps: the line carried exactly the 20 MB.
    expect(s.links["sender--receiver"].bytes).toBeCloseTo(20e6, 3);
    expect(s.simTime).toBe(300);
  });

  it("--out writes summary.json and timeseries.csv", () => {
    const out = join(tmp, "out");
    const r = mxsim("run", "line-saturation", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivered\s+20/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.messages.delivered).toBe(20);
    const csv = readFileSync(join(out, "timeseries.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("t,util:sender--receiver");
    expect(csv.length).toBe(1 + 31); // t = 0, 10, ..., 300 s
  });

  it("validate and list", () => {
    const v = mxsim("validate", "default");
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/default\.yaml: ok \(\d+ hosts, \d+ links/);
    const l = mxsim("list");
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^default\s+Gateway model/m);
    expect(l.stdout).toMatch(/^line-saturation\s+/m);
  });
});
