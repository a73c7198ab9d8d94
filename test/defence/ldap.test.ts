/**
 * LDAP routing (S22): the relay asks the directory which mailbox server holds
 * each user; a replica answers when the master is down (after the master's
 * timeout); with both down the lookup tempfails (4.4.3) and the mail waits.
 */
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario } from "../../sim";
import type { TraceEvent } from "../../sim/engine";

const scenario = (faults = "[]") => `name: ldap routing
duration: 3h
zones:
  example.gr.jp: |
    @      IN MX 10 relay
    relay  IN A 202.250.31.150
    mbox1  IN A 10.0.0.111
    mbox2  IN A 10.0.0.112
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  ns:       { role: dns, addr: 192.0.2.53, zones: [example.gr.jp] }
  named:    { role: resolver, addr: 192.0.2.54 }
  isp:      { role: mta, addr: 198.51.100.10, mta: { profile: postfix, hostname: isp.example.net, domains: [example.net], mailboxes: any } }
  relay:    { role: mta, addr: 202.250.31.150, mta: { profile: sendmail, hostname: relay.example.gr.jp, relayDomains: [example.gr.jp],
              ldapRouting: { domains: [example.gr.jp], servers: [ldap1, ldap2], timeout: 5s } } }
  lan:      { role: switch, addr: 10.0.0.1 }
  ldap1:    { role: directory, addr: 10.0.0.30, directory: { entries: { alice: mbox1.example.gr.jp, bob: mbox2.example.gr.jp } } }
  ldap2:    { role: directory, addr: 10.0.0.31, directory: { replicaOf: ldap1 } }
  mbox1:    { role: mailbox, addr: 10.0.0.111, mta: { hostname: mbox1.example.gr.jp, domains: [example.gr.jp], mailboxes: [alice] } }
  mbox2:    { role: mailbox, addr: 10.0.0.112, mta: { hostname: mbox2.example.gr.jp, domains: [example.gr.jp], mailboxes: [bob] } }
links:
  - { between: [internet, ns], bandwidth: 10Mbps, latency: 5ms }
  - { between: [internet, named], bandwidth: 10Mbps, latency: 5ms }
  - { between: [internet, isp], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, relay], bandwidth: 1.5Mbps, latency: 20ms }
  - { between: [relay, lan], bandwidth: 100Mbps, latency: 1ms }
  - { between: [lan, ldap1], bandwidth: 100Mbps, latency: 1ms }
  - { between: [lan, ldap2], bandwidth: 100Mbps, latency: 1ms }
  - { between: [lan, mbox1], bandwidth: 100Mbps, latency: 1ms }
  - { between: [lan, mbox2], bandwidth: 100Mbps, latency: 1ms }
traffic:
  - { kind: users, from: isp, senders: [taro@example.net], to: [alice@example.gr.jp, bob@example.gr.jp], recipients: 2, count: 4, rate: 4/h, size: 3KB }
faults: ${faults}
`;

function runIt(faults?: string) {
  const s = loadScenario(scenario(faults), "ldap.yaml");
  const sim = buildSimulation(s);
  const events: TraceEvent[] = [];
  sim.bus.subscribe((e) => void events.push(e));
  sim.kernel.run({ until: s.duration });
  const of = <K extends TraceEvent["type"]>(type: K) => events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
  return { sim, of, dirs: sim.directories, balance: sim.ledger.balance() };
}

describe("LDAP routing (S22)", () => {
  it("each user's mail goes to the mailbox server the directory names; only the master is asked", () => {
    const r = runIt();
    expect(r.balance.lost).toBe(0);
    expect(r.balance.settled).toEqual({ delivered: 8 });
    expect(r.sim.mtas.get("mbox1")!.mailboxes.mailbox("alice")?.messages).toBe(4);
    expect(r.sim.mtas.get("mbox2")!.mailboxes.mailbox("bob")?.messages).toBe(4);
    expect(r.dirs.get("ldap1")!.queries).toBe(8);
    expect(r.dirs.get("ldap2")?.queries ?? 0).toBe(0);
    const lookups = r.of("ldap.lookup");
    // One datagram each way over relay–lan–ldap1 (1 ms + 1 ms) plus the 1 ms search.
    expect(lookups.every((e) => e.server === "ldap1" && Math.abs(e.elapsed - (2 * 0.002 + 0.001)) < 1e-3)).toBe(true);
    expect(r.of("mta.route").filter((e) => e.host === "relay").every((e) => e.step === "ldap")).toBe(true);
  });

  it("master down: the replica answers after the master's 5 s timeout, and everything is delivered", () => {
    const r = runIt("[{ at: 0s, down: ldap1 }]");
    expect(r.balance.settled).toEqual({ delivered: 8 });
    expect(r.dirs.get("ldap2")!.queries).toBe(8);
    const lookups = r.of("ldap.lookup");
    expect(lookups.every((e) => e.server === "ldap2" && e.tried.join(",") === "ldap1,ldap2" && e.elapsed >= 5 && e.elapsed < 5.01)).toBe(true);
  });

  it("both down: 451 4.4.3, the relay keeps the mail and delivers it when the directory returns", () => {
    const r = runIt("[{ at: 0s, down: ldap1, for: 1h }, { at: 0s, down: ldap2, for: 1h }]");
    expect(r.balance.lost).toBe(0);
    const deferred = r.of("mta.deferred").filter((e) => e.host === "relay");
    expect(deferred.length).toBeGreaterThan(0);
    expect(deferred.every((e) => e.code === 451 && e.enhanced === "4.4.3" && e.t < 3600 + 15)).toBe(true);
    expect(r.of("ldap.lookup").filter((e) => e.result === "fail").every((e) => e.tried.join(",") === "ldap1,ldap2" && e.elapsed >= 10)).toBe(true);
    expect(r.balance.settled).toEqual({ delivered: 8 });
    expect(r.of("mta.delivered").filter((e) => e.host === "relay").every((e) => e.t > 3600)).toBe(true);
  });
});
