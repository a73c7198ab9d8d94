import { describe, expect, it } from "vitest";
import { FORMATS } from "../../sim/scenario/schema";
import { FAULT_KINDS, SECTIONS } from "../../sim/scenario/sections";
import { loadScenario } from "../../sim";

describe("the table of sections", () => {
  it("merges the schema in the table's order", () => {
    expect(SECTIONS.map((s) => s.format)).toEqual([...FORMATS]);
  });

  it("every workload kind of the schema has exactly one section that starts it", () => {
    const kinds = SECTIONS.flatMap((s) => s.format.traffic.map((t) => (t.shape as { kind: { value: string } }).kind.value));
    expect(new Set(kinds).size).toBe(kinds.length);
    const sim = { rng: { stream: () => undefined } } as never; // starters are only made, not run
    for (const s of SECTIONS) {
      const own = s.format.traffic.map((t) => (t.shape as { kind: { value: string } }).kind.value).sort();
      expect(Object.keys(s.workloads?.(sim) ?? {}).sort(), s.name).toEqual(own);
    }
  });

  it("each fault of a scenario belongs to one fault kind", () => {
    const s = loadScenario(`
name: faults
duration: 1h
hosts:
  a: { addr: 192.0.2.1, zones: [example.net], mta: { domains: [example.net], mailboxes: any } }
  b: { addr: 192.0.2.2, role: rbl, dnsbl: { zone: rbl.example } }
links: [{ between: [a, b], bandwidth: 1Mbps, latency: 1ms }]
zones: { example.net: "@ IN MX 10 a" }
faults:
  - { at: 1m, down: b, for: 1m }
  - { at: 2m, link: a--b, bandwidth: 64kbps }
  - { at: 3m, dns: a, mode: refused }
  - { at: 4m, rbl: b, mode: down }
  - { at: 5m, mta: a, set: { openRelay: true } }
  - { at: 6m, spool: a, full: true }
`, "faults.yaml");
    expect(s.faults.map((f) => FAULT_KINDS.filter((k) => k.owns(f)).map((k) => k.name))).toEqual([["net"], ["net"], ["dns"], ["rbl"], ["mta"], ["spool"]]);
  });
});

describe("the fault scheduler", () => {
  it("traces each applied fault, and its undoing after `for`, just before the model reacts", async () => {
    const { buildSimulation } = await import("../../sim");
    const s = loadScenario(`
name: faults
duration: 2h
hosts:
  a: { addr: 192.0.2.1, mta: { domains: [example.net], mailboxes: any } }
  b: { addr: 192.0.2.2 }
links: [{ between: [a, b], bandwidth: 1Mbps, latency: 1ms }]
faults:
  - { at: 10m, down: b, for: 20m }
  - { at: 20m, spool: a, full: true }
  - { at: 40m, link: a--b, bandwidth: 64kbps }
  - { at: 50m, up: b }
`, "faults.yaml");
    const sim = buildSimulation(s);
    const seen: string[] = [];
    sim.bus.subscribe((e) => {
      if (e.type === "fault.applied") seen.push(`${e.t} fault ${e.fault} ${e.kind} ${e.phase} ${e.host}`);
      else if (e.type === "host.down" || e.type === "host.up") seen.push(`${e.t} ${e.type} ${e.host}`);
    });
    sim.kernel.run({ until: 7200 });
    expect(seen).toEqual([
      "600 fault 0 net start b", "600 host.down b",
      "1200 fault 1 spool start a",
      "1800 fault 0 net end b", "1800 host.up b",
      "2400 fault 2 net start a--b",
      "3000 fault 3 net start b", // b is up again already: the fault is applied, the network reports no change
    ]);
  });
});
