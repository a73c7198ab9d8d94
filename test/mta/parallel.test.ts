/**
 * The MTAs' own limits on parallel deliveries, beside the scheduler's (concurrency.ts):
 * Exim's remote_max_parallel caps one message's deliveries (deliver.c
 * do_remote_deliveries; spec: "as each one finishes, another is begun"), sendmail's
 * SingleThreadDelivery allows one connection per host (deliver.c: a host whose lock
 * fails is skipped with 4.4.5 and the next MX tried).
 */
import { describe, expect, it } from "vitest";
import { world } from "./world";

const domains = ["a.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example", "h.example"];
const dns = {
  mx: Object.fromEntries(domains.map((d) => [d, [[10, "mx.example.org"]] as [number, string][]])),
  a: { "mx.example.org": "192.0.2.2", "mx2.example.org": "192.0.2.3" },
};

/** Sessions open at once at their peak, from the sender's smtp.connect / smtp.end events. */
function peakSessions(events: readonly { type: string; host?: string }[], host: string): number {
  let open = 0, peak = 0;
  for (const e of events) {
    if (e.host !== host) continue;
    if (e.type === "smtp.connect") peak = Math.max(peak, ++open);
    else if (e.type === "smtp.end") open--;
  }
  return peak;
}

describe("Exim remote_max_parallel", () => {
  const run = (remoteMaxParallel: number) => {
    const w = world({
      exim: { addr: "192.0.2.1", hostname: "exim.example.net", profile: "exim", overrides: { concurrency: { kind: "per-message", remoteMaxParallel } } },
      mx: { addr: "192.0.2.2", hostname: "mx.example.org", localDomains: domains, mailboxes: "any" },
    }, dns);
    const m = w.send(0, "exim", "u@example.net", domains.map((d) => `x@${d}`));
    w.kernel.run();
    expect(w.ledger.balance().lost).toBe(0);
    return { w, m };
  };

  it("one message to eight domains: at most the limit's deliveries at once, and every recipient delivered", () => {
    for (const limit of [1, 3, 6]) {
      const { w, m } = run(limit);
      expect(peakSessions(w.events, "exim")).toBe(limit);
      expect(w.of("smtp.connect").filter((e) => e.message === m.id)).toHaveLength(8);
      for (const d of domains) expect(w.ledger.fate(m.id, `x@${d}`)).toBe("exit:delivered");
    }
  });

  it("the deliveries start in routing order, each waiting one as a running one ends", () => {
    const { w } = run(2);
    const starts = w.of("smtp.connect").filter((e) => e.host === "exim").map((e) => e.t);
    const ends = w.of("smtp.end").filter((e) => e.host === "exim").map((e) => e.t);
    expect(w.of("mta.plan").map((e) => e.dest)).toEqual(domains);
    expect(starts[0]).toBe(starts[1]);
    // The third starts only once the first session has ended (then plans its hop: 2 ms of lookups here).
    expect(starts[2]).toBeGreaterThanOrEqual(ends[0]);
  });

  it("below 2, one by one (the spec: parallel delivery is disabled)", () => {
    const { w } = run(0);
    expect(peakSessions(w.events, "exim")).toBe(1);
  });
});

describe("sendmail SingleThreadDelivery", () => {
  const run = (singleThreadDelivery: boolean, mx2 = false) => {
    const w = world({
      sm: { addr: "192.0.2.1", hostname: "sm.example.net", profile: "sendmail", overrides: { concurrency: { kind: "per-run", singleThreadDelivery } } },
      mx: { addr: "192.0.2.2", hostname: "mx.example.org", localDomains: domains, mailboxes: "any" },
      mx2: { addr: "192.0.2.3", hostname: "mx2.example.org", relayDomains: domains, mailertable: "a.example smtp:[mx.example.org]\n" },
    }, mx2 ? { ...dns, mx: { "a.example": [[10, "mx.example.org"], [20, "mx2.example.org"]] } } : dns);
    // Two messages for the same host at the same moment (two sendmail processes).
    const m1 = w.send(0, "sm", "u@example.net", ["x@a.example"]);
    const m2 = w.send(0, "sm", "u@example.net", ["y@a.example"]);
    w.kernel.run({ until: 3600 });
    expect(w.ledger.balance().lost).toBe(0);
    return { w, m1, m2 };
  };

  it("off (the default): both connect to the host at once", () => {
    const { w, m1, m2 } = run(false);
    expect(peakSessions(w.events, "sm")).toBe(2);
    expect(w.of("mta.deferred")).toEqual([]);
    expect([w.ledger.fate(m1.id, "x@a.example"), w.ledger.fate(m2.id, "y@a.example")]).toEqual(["exit:delivered", "exit:delivered"]);
  });

  it("on, one MX: the second finds the host busy and is deferred with 4.4.5, then delivered at its retry", () => {
    const { w, m2 } = run(true);
    expect(peakSessions(w.events, "sm")).toBe(1);
    expect(w.of("mta.deferred").map((e) => [e.message, e.code, e.enhanced])).toEqual([[m2.id, 451, "4.4.5"]]);
    expect(w.of("mta.deferred")[0].text).toMatch(/mx\.example\.org: host is busy/);
    expect(w.ledger.fate(m2.id, "y@a.example")).toBe("exit:delivered");
  });

  it("on, two MX: the second skips the busy host for the next MX in the same attempt", () => {
    const { w, m2 } = run(true, true);
    expect(w.of("mta.deferred")).toEqual([]);
    expect(w.of("smtp.connect").filter((e) => e.message === m2.id && e.host === "sm").map((e) => e.server)).toEqual(["mx2"]);
  });
});
