import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveScenario, SCENARIO_DIR } from "../../sim/cli/main";
import { planSweep } from "../../sim/cli/sweep/command";
import { parsePath } from "../../sim/cli/sweep/configurations";
import { drainTime } from "../../sim/cli/sweep/metrics";
import { TimeSeries } from "../../sim/observe/metrics";
import type { Scenario } from "../../sim/scenario/load";

const files = { resolve: resolveScenario, dir: SCENARIO_DIR };
const tmp = mkdtempSync(join(tmpdir(), "mxsim-sweep-cfg-"));

const BASE = `name: two hosts
duration: 1h
hosts:
  a: { role: mta, addr: 192.0.2.1, mta: { profile: postfix } }
  b: { role: mta, addr: 192.0.2.2, mta: { profile: postfix, domains: [b.example], mailboxes: any } }
links:
  - { between: [a, b], bandwidth: 1.5Mbps, latency: 10ms }
traffic:
  - { kind: users, from: a, senders: [x@a.example], to: [y@b.example], rate: 1/min, size: 10KB }
faults:
  - { at: 10m, down: b, for: 20m }
`;

function plan(sweep: string, base = BASE) {
  writeFileSync(join(tmp, "base.yaml"), base);
  const file = join(tmp, "sweep.yaml");
  writeFileSync(file, sweep);
  return planSweep(file, sweep, files);
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("sweep configurations", () => {
  it("reads scenario paths as errors print them", () => {
    expect(parsePath("hosts.gateway.mta.profile")).toEqual(["hosts", "gateway", "mta", "profile"]);
    expect(parsePath("links[0].bandwidth")).toEqual(["links", 0, "bandwidth"]);
    expect(parsePath('zones["example.gr.jp"]')).toEqual(["zones", "example.gr.jp"]);
    expect(parsePath("faults[1]")).toEqual(["faults", 1]);
    expect(typeof parsePath("links[x]")).toBe("string");
    expect(typeof parsePath("a..b")).toBe("string");
  });

  it("a grid is every combination, named by its values, with the values set in the scenario", () => {
    const s = plan(`base: base.yaml\nreplications: 2\nparameters:\n  hosts.a.mta.profile: [postfix, qmail]\n  links[0].bandwidth: [64kbps, 1.5Mbps, 10Mbps]\n`);
    expect(s.configs.map((c) => c.name)).toEqual([
      "postfix / 64kbps", "postfix / 1.5Mbps", "postfix / 10Mbps", "qmail / 64kbps", "qmail / 1.5Mbps", "qmail / 10Mbps",
    ]);
    const q = s.configs[3].scenario;
    expect(q.hosts.a.mta?.profile).toBe("qmail");
    expect(q.links[0].bandwidth).toBe(64_000);
    // Everything not set is the base's.
    expect(q.faults[0].for).toBe(1200);
    // Common random numbers: replication k has the same seed in every configuration.
    expect(s.jobs).toHaveLength(12);
    for (const j of s.jobs) expect(j.seed).toBe(j.replication);
    expect(new Set(s.jobs.map((j) => j.key)).size).toBe(12);
    expect(s.plan.baseline).toBe("postfix / 64kbps");
  });

  it("named configurations may set fields the base does not have", () => {
    // (A path with brackets is a block-map key here: in a flow map `[` would start a list.)
    const s = plan(`base: base.yaml\nconfigurations:\n  - { name: plain, set: {} }\n  - name: slow-retry\n    set:\n      hosts.a.mta.retry: { law: qmail }\n      faults[0].for: 6h\nbaseline: plain\n`);
    expect(s.configs[1].scenario.hosts.a.mta?.retry?.law).toBe("qmail");
    expect(s.configs[1].scenario.faults[0].for).toBe(6 * 3600);
    expect(s.configs[0].scenario.hosts.a.mta?.retry).toBeUndefined();
  });

  it("a bad value set by the sweep is reported at its line in the sweep file", () => {
    const sweep = `base: base.yaml\nparameters:\n  hosts.a.mta.profile: [postfix, postfx]\n`;
    const msg = errorOf(() => plan(sweep));
    // line 3, column of "postfx" (3 + "  hosts.a.mta.profile: [postfix, ".length)
    expect(msg).toMatch(new RegExp(`sweep\\.yaml:3:34: hosts\\.a\\.mta\\.profile: not allowed: "postfx" \\[configuration "postfx" of .*base\\.yaml\\] \\(expected one of .*"qmail".*\\)$`));
    expect(msg.split("\n")).toHaveLength(1);
  });

  it("a problem of the base scenario is reported at its line in the base file, once", () => {
    const bad = BASE.replace("duration: 1h", "duration: 1 fortnight");
    const msg = errorOf(() => plan(`base: base.yaml\nparameters:\n  hosts.a.mta.profile: [postfix, qmail]\n`, bad));
    expect(msg).toMatch(/base\.yaml:2:11: duration: cannot read "1 fortnight"/);
    expect(msg.split("\n").filter((l) => l.includes("duration"))).toHaveLength(2); // once per configuration, each naming it
  });

  it("paths that do not exist, unknown baselines and links are errors in the sweep file", () => {
    expect(errorOf(() => plan(`base: base.yaml\nparameters:\n  links[3].bandwidth: [1Mbps]\n`))).toMatch(/sweep\.yaml:3:24: parameters\.links\[3\]\.bandwidth\[0\]: links\[3\] does not exist \(the list has 1 item\)/);
    expect(errorOf(() => plan(`base: base.yaml\nparameters:\n  duration: [1h]\nbaseline: 2h\n`))).toMatch(/sweep\.yaml:4:11: baseline: no configuration named "2h"/);
    expect(errorOf(() => plan(`base: base.yaml\nparameters:\n  duration: [1h]\nlinks: [a--c]\n`))).toMatch(/sweep\.yaml:4:9: links\[0\]: no link "a--c"/);
    expect(errorOf(() => plan(`base: base.yaml\nparameters:\n  duration: [1h]\nmetrics: [delivered, happiness]\n`))).toMatch(/sweep\.yaml:4:22: metrics\[1\]: not allowed: "happiness"/);
    expect(errorOf(() => plan(`base: nowhere.yaml\nparameters:\n  duration: [1h]\n`))).toMatch(/sweep\.yaml:1:7: base: no scenario "nowhere\.yaml"/);
  });
});

describe("drain time", () => {
  it("is the first sample after the last fault's end at or below the pre-fault level (max over the hour before)", () => {
    const ts = new TimeSeries();
    let row = [0, 0];
    ts.gauge("queue.active:a", () => row[0]);
    ts.gauge("queue.deferred:a", () => row[1]);
    ts.gauge("util:a--b", () => 0);
    // Samples every 10 min; fault at 2h for 1h (so recovery at 3h); faults end at max(at + for).
    const q = [0, 1, 0, 3, 2, 1, /*1h*/ 2, 0, 1, 2, 1, 3, /*2h*/ 2, 9, 19, 30, 40, 50, /*3h*/ 60, 45, 20, 6, 3, 2, /*4h*/ 1, 0];
    q.forEach((v, i) => {
      row = [Math.min(v, 1), v - Math.min(v, 1)];
      ts.sample(i * 600);
    });
    const scenario = { faults: [{ at: 7200, for: 1800 }, { at: 9000, for: 1800 }] } as unknown as Scenario;
    // Pre-fault level: max of Q over [1h, 2h] = 3. From 3h: 60, 45, 20, 6, 3 → at 3h40m: 40 min.
    expect(drainTime(scenario, ts)).toBe(2400);
    // A backlog not back at the level when the run ends is not a number (recovery after the last sample).
    const never = { faults: [{ at: 7200, for: 1800 }, { at: 15600 }] } as unknown as Scenario;
    expect(drainTime(never, ts)).toBeNull();
    expect(drainTime({ faults: [] } as unknown as Scenario, ts)).toBeNull();
  });
});

describe("scenarios/sweeps/sweep.schema.json", () => {
  it("is generated from the sweep file's zod definition (node --import tsx scripts/sweep-schema.ts)", async () => {
    const { readFileSync } = await import("node:fs");
    const { sweepJsonSchemaText } = await import("../../sim/cli/sweep/spec");
    expect(readFileSync(join(SCENARIO_DIR, "sweeps", "sweep.schema.json"), "utf8")).toBe(sweepJsonSchemaText());
    const schema = JSON.parse(sweepJsonSchemaText());
    expect(schema.required).toEqual(["base"]);
    expect(schema.properties.metrics.items.enum).toContain("drainTime");
  });
});
