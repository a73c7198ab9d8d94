/**
 * DNSBL checks (S24) through the real DNS of a scenario: the receiving gateway
 * looks the sending MTA's address up in rbl.example.org before it greets. Each
 * failure policy meets each list mode, and what the sender does next follows from
 * the reply class alone (RFC 5321 §4.2.1: 4yz retry, 5yz bounce).
 */
import { describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim";
import type { TraceEvent } from "../../sim/engine";

interface Case {
  senderAddr?: string;
  gatewayProfile?: "sendmail" | "postfix";
  check: string;
  faults?: string;
}

const scenario = (c: Case) => `name: dnsbl
seed: 3
duration: 6h
zones:
  example.gr.jp: |
    @        IN MX 10 gateway
    gateway  IN A 202.250.31.150
  example.net: |
    @        IN MX 10 isp
    isp      IN A ${c.senderAddr ?? "192.0.2.10"}
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  ns:       { role: dns, addr: 192.0.2.53, zones: [example.gr.jp, example.net] }
  named:    { role: resolver, addr: 192.0.2.54 }
  rbl:      { role: rbl, addr: 198.51.100.53, dnsbl: { zone: rbl.example.org, listed: [{ addr: 192.0.2.99, reason: "open proxy, see http://rbl.example.org/99" }] } }
  isp:      { role: mta, addr: ${c.senderAddr ?? "192.0.2.10"}, mta: { profile: postfix, hostname: isp.example.net, domains: [example.net], mailboxes: any } }
  gateway:  { role: mta, addr: 202.250.31.150, mta: { profile: ${c.gatewayProfile ?? "sendmail"}, hostname: gateway.example.gr.jp, domains: [example.gr.jp],
              mailboxes: [alice], dnsblCheck: { zones: [rbl.example.org], ${c.check} } } }
links:
  - { between: [internet, ns], bandwidth: 10Mbps, latency: 5ms }
  - { between: [internet, named], bandwidth: 10Mbps, latency: 5ms }
  - { between: [internet, rbl], bandwidth: 10Mbps, latency: 20ms }
  - { between: [internet, isp], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, gateway], bandwidth: 1.5Mbps, latency: 20ms }
traffic:
  - { kind: users, from: isp, senders: [taro@example.net], to: [alice@example.gr.jp], count: 6, rate: 12/h, size: 4KB }
faults: ${c.faults ?? "[]"}
`;

function runCase(c: Case) {
  const events: TraceEvent[] = [];
  const out = run(loadScenario(scenario(c), "dnsbl.yaml"), { trace: (e) => void events.push(e) });
  const of = <K extends TraceEvent["type"]>(type: K, host?: string) =>
    events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type && (host === undefined || e.host === host));
  // Only the users' six messages, not DSNs.
  const users = (e: { message: string }) => e.message.startsWith("u0-");
  return { ...out, of, users };
}

const OUTAGE = "[{ at: 0s, rbl: rbl, mode: down }, { at: 1h, rbl: rbl, mode: normal }]";

describe("DNSBL with the list answering normally", () => {
  it("an unlisted client is greeted and delivers; the verdict says NXDOMAIN", () => {
    const r = runCase({ check: "onFailure: ignore" });
    expect(r.summary.messages.lost).toBe(0);
    expect(r.summary.messages.delivered).toBe(6);
    const v = r.of("mta.verdict", "gateway");
    expect(v.length).toBe(6);
    expect(v.every((e) => e.verdict === "not-listed" && /^10\.2\.0\.192\.rbl\.example\.org: NXDOMAIN$/.test(e.why))).toBe(true);
  });

  it("sendmail: a listed client is refused at MAIL with 550 5.7.1 Rejected: … listed at …; the sender bounces", () => {
    const r = runCase({ senderAddr: "192.0.2.99", check: "onFailure: ignore" });
    expect(r.summary.messages.lost).toBe(0);
    const refused = r.of("mta.refused", "gateway");
    expect(refused.length).toBe(6);
    expect(refused.every((e) => e.stage === "mail" && e.code === 550 && e.enhanced === "5.7.1" && e.policy === "dnsbl")).toBe(true);
    const bounced = r.of("mta.bounced", "isp").filter(r.users);
    expect(bounced.map((e) => e.text)).toEqual(Array(6).fill("Rejected: 192.0.2.99 listed at rbl.example.org"));
    expect(r.of("mta.verdict", "gateway")[0].why).toBe('99.2.0.192.rbl.example.org: 127.0.0.2 "open proxy, see http://rbl.example.org/99"');
  });

  it("postfix: refused at RCPT with 554 5.7.1 and the TXT reason", () => {
    const r = runCase({ senderAddr: "192.0.2.99", gatewayProfile: "postfix", check: "onFailure: ignore" });
    const refused = r.of("mta.refused", "gateway");
    expect(refused.every((e) => e.stage === "rcpt" && e.code === 554)).toBe(true);
    expect(r.of("mta.bounced", "isp").filter(r.users)[0].text)
      .toBe("Service unavailable; Client host [192.0.2.99] blocked using rbl.example.org; open proxy, see http://rbl.example.org/99");
  });
});

describe("the two faces of an RBL outage (S24)", () => {
  it("tempfail: a wave of 451 4.4.3 while the list is dead; the sender retries and delivers everything after", () => {
    const r = runCase({ check: "onFailure: tempfail", faults: OUTAGE });
    expect(r.summary.messages.lost).toBe(0);
    const refused = r.of("mta.refused", "gateway");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.code === 451 && e.enhanced === "4.4.3" && e.t < 3600 + 60)).toBe(true);
    const deferred = r.of("mta.deferred", "isp").filter(r.users);
    expect(deferred.length).toBeGreaterThan(0);
    expect(deferred.every((e) => e.code === 451)).toBe(true);
    const delivered = r.of("mta.delivered", "isp").filter(r.users);
    expect(delivered.length).toBe(6);
    expect(delivered.every((e) => e.t > 3600)).toBe(true); // nothing gets in while the list is down
    expect(r.summary.messages.bounced).toBe(0);
  });

  it("ignore: the same outage costs only lookup time-outs; everything is delivered at once", () => {
    const r = runCase({ check: "onFailure: ignore", faults: OUTAGE });
    expect(r.summary.messages.delivered).toBe(6);
    expect(r.of("mta.deferred", "isp").length).toBe(0);
    const failedLookups = r.of("mta.verdict", "gateway").filter((e) => e.verdict === "lookup-failed:ignore");
    expect(failedLookups.length).toBeGreaterThan(0);
  });

  it("treat-as-listed: the outage refuses everyone for good; the sender bounces", () => {
    const r = runCase({ check: "onFailure: treat-as-listed", faults: OUTAGE });
    expect(r.summary.messages.lost).toBe(0);
    const bounced = r.of("mta.bounced", "isp").filter(r.users);
    expect(bounced.length).toBeGreaterThan(0);
    expect(bounced.every((e) => e.code === 550)).toBe(true);
  });

  it("a list answering SERVFAIL is a failure like silence: tempfail defers, and the mail goes in when the list recovers", () => {
    const r = runCase({ check: "onFailure: tempfail", faults: "[{ at: 0s, rbl: rbl, mode: servfail }, { at: 30m, rbl: rbl, mode: normal }]" });
    expect(r.summary.messages.lost).toBe(0);
    const failed = r.of("mta.verdict", "gateway").filter((e) => e.verdict === "lookup-failed:tempfail");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => /lookup failed \(SERVFAIL\)/.test(e.why) && e.t < 1800 + 60)).toBe(true);
    expect(r.of("mta.delivered", "isp").filter(r.users).length).toBe(6);
  });

  it("list-the-world: every policy refuses every client — total refusal, all bounce", () => {
    for (const policy of ["ignore", "tempfail", "treat-as-listed"]) {
      const r = runCase({ check: `onFailure: ${policy}`, faults: "[{ at: 0s, rbl: rbl, mode: list-the-world }]" });
      expect(r.summary.messages.lost).toBe(0);
      expect(r.of("mta.bounced", "isp").filter(r.users).reduce((n, e) => n + e.rcpts.length, 0)).toBe(6);
      expect(r.of("mta.delivered", "gateway").filter(r.users).length).toBe(0);
    }
  });
});

describe("answers outside 127/8 (an expired list domain under a parking wildcard)", () => {
  it("only127 ignores them and mail flows; sendmail's dnsbl (any A record) refuses everyone", () => {
    const parked = "[{ at: 0s, rbl: rbl, mode: outside-127 }]";
    const strict = runCase({ check: "onFailure: ignore, only127: true", faults: parked });
    expect(strict.summary.messages.delivered).toBe(6);
    expect(strict.of("mta.verdict", "gateway")[0].why).toMatch(/outside 127\.0\.0\.0\/8/);
    const naive = runCase({ check: "onFailure: ignore", faults: parked });
    expect(naive.of("mta.bounced", "isp").filter(naive.users).length).toBe(6);
  });
});
