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
