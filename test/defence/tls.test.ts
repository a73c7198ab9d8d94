/**
 * STARTTLS between servers (RFC 3207): extra round trips and bytes per hop, the
 * certificate check of each client level, and each hop's TLS state in the trace.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim";
import type { TraceEvent } from "../../sim/engine";

const scenario = (level: string, cert: string) => `name: tls
duration: 2h
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  isp:      { role: mta, addr: 198.51.100.10, mta: { profile: postfix, hostname: isp.example.net, domains: [example.net], mailboxes: any, tls: { level: ${level} } } }
  gateway:  { role: mta, addr: 202.250.31.150, mta: { profile: sendmail, hostname: example.gr.jp, domains: [example.gr.jp], mailboxes: [alice], tls: { certificate: ${cert} } } }
links:
  - { between: [internet, isp], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, gateway], bandwidth: 1.5Mbps, latency: 20ms }
traffic:
  - { kind: users, from: isp, senders: [taro@example.net], to: [alice@example.gr.jp], count: 3, rate: 6/h, size: 4KB }
`;

function runIt(level: string, cert: string) {
  const events: TraceEvent[] = [];
  const out = run(loadScenario(scenario(level, cert), "tls.yaml"), { trace: (e) => void events.push(e) });
  const of = <K extends TraceEvent["type"]>(type: K) => events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
  return { ...out, of };
}

describe("STARTTLS (RFC 3207)", () => {
  it("opportunistic with a CA-signed server: encrypted, four more round trips per session (STARTTLS, 2 handshake, EHLO again)", () => {
    const plain = runIt("none", "ca-signed");
    const tls = runIt("may", "ca-signed");
    expect(tls.summary.messages.delivered).toBe(3);
    expect(tls.of("smtp.tls").map((e) => [e.state, e.certificate])).toEqual(Array(3).fill(["encrypted", "ca-signed"]));
    expect(plain.of("smtp.tls")).toEqual([]);
    const rt = (r: typeof plain) => r.of("smtp.end").map((e) => e.roundTrips);
    expect(rt(tls)).toEqual(rt(plain).map((n) => n + 4));
    // Each session takes four round trips (2 × (10 + 20) ms each) longer, plus the handshake's bytes at 1.5 Mbps.
    const took = (r: typeof plain) => {
      const start = new Map(r.of("smtp.connect").map((e) => [e.session, e.t]));
      return r.of("smtp.end").map((e) => e.t - start.get(e.session)!);
    };
    const extra = took(tls).map((t, i) => t - took(plain)[i]);
    const rtt = 2 * (0.010 + 0.020);
    const handshakeBytes = 300 + 3500 + 330 + 60;
    for (const x of extra) {
      expect(x).toBeGreaterThan(4 * rtt + (handshakeBytes * 8) / 1.5e6);
      expect(x).toBeLessThan(4 * rtt + ((handshakeBytes + 1000) * 8) / 1.5e6);
    }
  });

  it("verify: a CA-signed certificate is verified; a self-signed one fails 4.7.5 and the mail waits in the queue", () => {
    expect(runIt("verify", "ca-signed").of("smtp.tls").every((e) => e.state === "verified")).toBe(true);
    const bad = runIt("verify", "self-signed");
    expect(bad.summary.messages.delivered).toBe(0);
    expect(bad.summary.messages.lost).toBe(0);
    expect(bad.summary.messages.queuedAt["queued@isp"]).toBe(3);
    const tls = bad.of("smtp.tls");
    expect(tls.length).toBeGreaterThan(3); // every retry fails the same way
    expect(tls.every((e) => e.state === "failed" && e.code === 451 && e.enhanced === "4.7.5")).toBe(true);
    // Each message's first deferral carries the TLS failure (later ones may be Postfix's dead-destination suspension).
    const first = new Map<string, string | null>();
    for (const e of bad.of("mta.deferred")) if (!first.has(e.message)) first.set(e.message, e.enhanced);
    expect([...first.values()][0]).toBe("4.7.5");
    expect([...first.values()].every((x) => x === "4.7.5" || x === "4.4.1")).toBe(true);
  });

  it("may accepts a self-signed certificate (encrypted, not verified); encrypt without STARTTLS offered fails 4.7.4; may falls back to plaintext", () => {
    expect(runIt("may", "self-signed").of("smtp.tls").map((e) => e.state)).toEqual(["encrypted", "encrypted", "encrypted"]);
    const mandatory = runIt("encrypt", "none");
    expect(mandatory.summary.messages.delivered).toBe(0);
    expect(mandatory.of("smtp.tls").every((e) => e.state === "failed" && e.enhanced === "4.7.4")).toBe(true);
    const fallback = runIt("may", "none");
    expect(fallback.summary.messages.delivered).toBe(3);
    expect(fallback.of("smtp.tls").map((e) => e.state)).toEqual(["plaintext", "plaintext", "plaintext"]);
  });
});
