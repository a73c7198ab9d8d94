import { describe, expect, it } from "vitest";
import { loadScenario, run, ScenarioError } from "../../sim";

const scenario = (fault: string) => `name: disk full
duration: 3h
hosts:
  net: { role: internet, addr: 192.0.2.1 }
  a: { role: mta, addr: 192.0.2.11, mta: { profile: postfix, hostname: a.example, domains: [a.example], mailboxes: any } }
  b: { role: mta, addr: 192.0.2.12, mta: { profile: postfix, hostname: b.example, domains: [b.example], mailboxes: any } }
links:
  - { between: [net, a], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, b], bandwidth: 10Mbps, latency: 5ms }
traffic:
  - { kind: users, from: a, senders: [x@a.example], to: [y@b.example], rate: 1/min, stop: 2h, size: 5KB }
faults:
${fault}`;

describe("spool full fault", () => {
  it("b's full disk answers 452 4.3.1 for an hour; a keeps the mail and delivers it after", () => {
    const s = loadScenario(scenario("  - { at: 30m, spool: b, full: true, for: 1h }"), "t.yaml");
    const refusals: number[] = [];
    const { summary } = run(s, { trace: (e) => { if (e.type === "mta.refused" && e.host === "b") { refusals.push(e.t); expect(e.code).toBe(452); } } });
    expect(summary.messages.lost).toBe(0);
    expect(refusals.length).toBeGreaterThan(0);
    expect(Math.min(...refusals)).toBeGreaterThanOrEqual(1800);
    expect(Math.max(...refusals)).toBeLessThan(5400);
    expect(summary.mtas.a.deferred).toBeGreaterThan(0);
    expect(summary.messages.delivered).toBe(summary.messages.injected); // postfix retries within 4000 s
  });

  it("is checked: an MTA host, and full: given", () => {
    try {
      loadScenario(scenario("  - { at: 30m, spool: net }"), "t.yaml");
      throw new Error("expected an error");
    } catch (e) {
      expect((e as ScenarioError).message.split("\n")).toEqual([
        't.yaml:13:23: faults[0].spool: "net" runs no MTA (expected a host with an mta: block (a, b))',
        "t.yaml:13:5: faults[0]: a spool fault needs full: true or full: false",
      ]);
    }
  });
});
