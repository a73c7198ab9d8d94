/**
 * Open relay abuse (S23): the same spam campaign with forged senders goes through
 * an open relay — delivered where the recipient exists, bounced to the forged
 * sender where it does not (backscatter) — and is refused with 550 5.7.1 by a
 * closed one, where the spammer's copies end as rejected and nothing is queued.
 * A configuration fault closes the relay in the middle of the campaign.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim";
import type { TraceEvent } from "../../sim/engine";

const scenario = (relay: string, faults = "[]") => `name: open relay
seed: 5
duration: 4h
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  spammer:  { role: spammer, addr: 192.0.2.66 }
  relay:    { role: mta, addr: 198.51.100.25, mta: { profile: sendmail, hostname: relay.example.net, ${relay} } }
  target:   { role: mta, addr: 203.0.113.25, mta: { profile: postfix, hostname: target.example, domains: [target.example],
              mailboxes: [user1, user2, user3, user4, user5, user6, user7, user8, user9, user10] } }
  innocent: { role: mta, addr: 203.0.113.80, mta: { profile: postfix, hostname: innocent.example, domains: [innocent.example], mailboxes: any } }
links:
  - { between: [internet, spammer], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, relay], bandwidth: 1.5Mbps, latency: 20ms }
  - { between: [internet, target], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, innocent], bandwidth: 10Mbps, latency: 10ms }
traffic:
  - { kind: spam, from: spammer, relay: relay, forgedDomains: [innocent.example], targetDomains: [target.example],
      recipients: 5, addressSpace: 20, count: 40, rate: 20/h, size: 3KB }
faults: ${faults}
`;

const userNumber = (rcpt: string): number => Number(/^user(\d+)@/.exec(rcpt)![1]);

function runIt(relay: string, faults?: string) {
  const events: TraceEvent[] = [];
  const out = run(loadScenario(scenario(relay, faults), "relay.yaml"), { trace: (e) => void events.push(e) });
  const of = <K extends TraceEvent["type"]>(type: K, host?: string) =>
    events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type && (host === undefined || e.host === host));
  return { ...out, events, of };
}

describe("open relay vs closed relay (S23)", () => {
  it("open: the relay takes every recipient; unknown ones bounce to the forged senders (backscatter)", () => {
    const r = runIt("openRelay: true");
    const m = r.summary.messages;
    expect(m.lost).toBe(0);
    const taken = r.of("mta.queued", "relay").filter((e) => e.from === "spammer");
    expect(taken.length).toBe(40);
    const rcpts = taken.flatMap((e) => e.rcpts);
    expect(rcpts.length).toBe(200);
    // Expected from the campaign alone: user1..10 exist at target, user11..20 do not.
    const unknown = rcpts.filter((x) => userNumber(x) > 10).length;
    const withUnknown = taken.filter((e) => e.rcpts.some((x) => userNumber(x) > 10)).length;
    expect(unknown).toBeGreaterThan(0);
    const bouncedAtRelay = r.of("mta.bounced", "relay");
    expect(bouncedAtRelay.reduce((n, e) => n + e.rcpts.length, 0)).toBe(unknown);
    expect(bouncedAtRelay.every((e) => e.code === 550 && e.enhanced === "5.1.1")).toBe(true);
    // Backscatter: one DSN per spam message with an unknown recipient, delivered to the forged sender's domain.
    const backscatter = r.of("mta.delivered", "innocent").filter((e) => e.message.startsWith("relay-dsn-"));
    expect(backscatter.length).toBe(withUnknown);
    expect(r.summary.mtas.innocent.delivered).toBe(withUnknown);
    // Balance: 200 spam copies (delivered or bounced) + the DSNs (delivered).
    expect(m.injected).toBe(200 + withUnknown);
    expect(m.delivered).toBe(200 - unknown + withUnknown);
    expect(m.bounced).toBe(unknown);
    expect(m.rejected).toBe(0);
  });

  it("closed: every RCPT is refused 550 5.7.1 Relaying denied; nothing is queued, nobody gets backscatter", () => {
    const r = runIt("relayClients: [198.51.100.0/24]");
    const m = r.summary.messages;
    expect(m.lost).toBe(0);
    expect(m.injected).toBe(200);
    expect(m.rejected).toBe(200);
    expect(m.delivered + m.bounced).toBe(0);
    expect(r.summary.mtas.relay.accepted).toBe(0);
    const refused = r.of("mta.refused", "relay");
    expect(refused.length).toBe(200);
    expect(refused.every((e) => e.stage === "rcpt" && e.code === 550 && e.enhanced === "5.7.1" && e.policy === "relay")).toBe(true);
  });

  it("a fault closes the open relay at 1 h: accepted before, refused after", () => {
    const r = runIt("openRelay: true", "[{ at: 1h, mta: relay, set: { openRelay: false } }]");
    expect(r.summary.messages.lost).toBe(0);
    const reconf = r.of("mta.reconfigured", "relay");
    expect(reconf.map((e) => [e.t, e.setting, e.value])).toEqual([[3600, "openRelay", "false"]]);
    const taken = r.of("mta.queued", "relay").filter((e) => e.from === "spammer");
    const refused = r.of("mta.refused", "relay");
    expect(taken.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(Math.max(...taken.map((e) => e.t))).toBeLessThan(3600);
    expect(Math.min(...refused.map((e) => e.t))).toBeGreaterThanOrEqual(3600);
    expect(taken.length * 5 + r.summary.messages.rejected).toBe(200);
  });

  it("is deterministic: the same scenario and seed give the same fingerprint", () => {
    const a = runIt("openRelay: true").summary.fingerprint;
    const b = runIt("openRelay: true").summary.fingerprint;
    expect(a).toBe(b);
  });
});
