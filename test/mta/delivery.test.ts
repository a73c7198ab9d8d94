import { describe, expect, it } from "vitest";
import { world } from "./world";

/** The tutorial's site: example.gr.jp with MX 10 gateway, MX 20 mail2; mailbox server inside. */
const site = {
  mx: {
    "example.gr.jp": [[10, "gateway.example.gr.jp"], [20, "mail2.example.gr.jp"]] as [number, string][],
    "example.net": [[10, "outside.example.net"]] as [number, string][],
  },
  a: {
    "gateway.example.gr.jp": "202.250.31.150",
    "mail2.example.gr.jp": "198.51.100.25",
    "mailbox.example.gr.jp": "10.0.0.110",
    "fallback.example.net": "198.51.100.26",
    "outside.example.net": "192.0.2.10",
  },
};

const hosts = () => ({
  outside: { addr: "192.0.2.10", hostname: "outside.example.net", localDomains: ["example.net"], mailboxes: "any" as const },
  gateway: {
    addr: "202.250.31.150", hostname: "gateway.example.gr.jp", relayDomains: ["example.gr.jp"],
    mailertable: "example.gr.jp smtp:[mailbox.example.gr.jp]\n",
  },
  mail2: { addr: "198.51.100.25", hostname: "mail2.example.gr.jp", relayDomains: ["example.gr.jp"] },
  mailbox: { addr: "10.0.0.110", hostname: "mailbox.example.gr.jp", localDomains: ["example.gr.jp"], mailboxes: ["alice", "bob"] },
});

function balance(w: ReturnType<typeof world>) {
  const b = w.ledger.balance();
  expect(b.lost).toBe(0);
  return b;
}

describe("delivery through the gateway model", () => {
  it("mail for example.gr.jp goes outside → gateway (MX 10) → mailbox by the mailertable's static route", () => {
    const w = world(hosts(), site);
    w.send(0, "outside", "carol@example.net", ["alice@example.gr.jp"]);
    w.kernel.run();
    const b = balance(w);
    expect(b.settled).toEqual({ delivered: 1 });
    // The gateway's static route [mailbox.example.gr.jp] costs an A lookup and no MX lookup.
    expect(w.dns.log).toEqual(["MX example.gr.jp", "A gateway.example.gr.jp", "A mail2.example.gr.jp", "A mailbox.example.gr.jp"]);
    expect(w.mtas.mailbox.mailboxes.mailbox("alice")?.messages).toBe(1);
    const routes = w.of("mta.route").map((e) => `${e.host}:${e.step}`);
    expect(routes).toEqual(["outside:mx", "gateway:mailertable", "mailbox:local"]);
    // Each decision names where it sends the mail: MX lookup, a bracketed static host, a mailbox.
    expect(w.of("mta.route").map((e) => e.next)).toEqual(["example.gr.jp", "[mailbox.example.gr.jp]", "mailbox:alice"]);
    // S9: the final copy carries Return-Path from MAIL FROM and one Received: per hop that took it.
    const copy = w.mtas.mailbox.mailboxes.recent[0];
    expect(copy.header[0]).toEqual({ name: "Return-Path", value: "<carol@example.net>" });
    expect(copy.header[1]).toEqual({ name: "Delivered-To", value: "alice@example.gr.jp" });
    const received = copy.header.filter((f) => f.name === "Received").map((f) => f.value);
    expect(received).toHaveLength(2);
    expect(received[0]).toMatch(/^from gateway\.example\.gr\.jp \(gateway \[202\.250\.31\.150\]\)\r\n\tby mailbox\.example\.gr\.jp with ESMTP id mailbox\.1/);
    expect(received[1]).toMatch(/^from outside\.example\.net .*by gateway\.example\.gr\.jp/s);
  });

  it("S20: primary down → the 2nd MX takes the mail, holds it, and forwards it when the primary returns", () => {
    const w = world(hosts(), site);
    w.kernel.at(0, () => w.net.setHostUp("gateway", false));
    w.kernel.at(3600, () => w.net.setHostUp("gateway", true));
    for (let i = 0; i < 10; i++) w.send(60 + i, "outside", "carol@example.net", ["bob@example.gr.jp"]);
    let heldAtMail2 = 0;
    w.kernel.run({ until: 3000 });
    heldAtMail2 = w.ledger.balance().held["queued@mail2"] ?? 0;
    expect(heldAtMail2).toBe(10);
    w.kernel.run();
    const b = balance(w);
    expect(b.settled).toEqual({ delivered: 10 });
    expect(b.held).toEqual({});
    // The 2nd MX is MX 20: it tries only the more-preferred MX 10 (RFC 5321 §5.1), never itself.
    const plans = w.of("mta.plan").filter((e) => e.host === "mail2");
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) expect(p.candidates).toEqual(["10 gateway.example.gr.jp[202.250.31.150]"]);
    // Everything reached the mailbox through the gateway after 3600 s.
    const finals = w.of("mta.delivered").filter((e) => e.to.startsWith("mailbox:"));
    for (const f of finals) expect(f.t).toBeGreaterThan(3600);
  });

  it("S21: every MX down → the FallbackMX collects the deferred mail", () => {
    const h = hosts();
    const w = world({ ...h, outside: { ...h.outside, fallbackMx: "[fallback.example.net]" },
      fallback: { addr: "198.51.100.26", hostname: "fallback.example.net", relayDomains: ["example.gr.jp"] } }, site);
    w.kernel.at(0, () => { w.net.setHostUp("gateway", false); w.net.setHostUp("mail2", false); });
    for (let i = 0; i < 5; i++) w.send(10 + i, "outside", "carol@example.net", ["alice@example.gr.jp"]);
    w.kernel.run({ until: 600 });
    expect(w.ledger.balance().held).toEqual({ "queued@fallback": 5 });
    expect(w.of("mta.fallback").map((e) => e.host)).toEqual(["outside", "outside", "outside", "outside", "outside"]);
    w.kernel.at(7200, () => w.net.setHostUp("gateway", true));
    w.kernel.run();
    expect(balance(w).settled).toEqual({ delivered: 5 });
  });

  it("routing order: mailertable beats SMART_HOST beats MX; smtp:[host] makes no MX query", () => {
    const w = world({
      relay: { addr: "10.0.0.1", hostname: "relay.example.gr.jp", smartHost: "[gateway.example.gr.jp]",
        mailertable: "sub.example.gr.jp smtp:[mailbox.example.gr.jp]\n" },
      gateway: { addr: "202.250.31.150", hostname: "gateway.example.gr.jp", relayClients: ["10.0.0.0/8"] },
      mailbox: { addr: "10.0.0.110", hostname: "mailbox.example.gr.jp", localDomains: ["sub.example.gr.jp", "example.net"], mailboxes: "any" },
    }, { ...site, mx: { "example.net": [[10, "mailbox.example.gr.jp"]] } });
    w.send(0, "relay", "alice@example.gr.jp", ["x@sub.example.gr.jp"]);
    w.send(100, "relay", "alice@example.gr.jp", ["y@example.net"]);
    w.kernel.run();
    expect(balance(w).settled).toEqual({ delivered: 2 });
    const steps = w.of("mta.route").map((e) => `${e.host}:${e.rcpt}:${e.step}`);
    expect(steps).toEqual([
      "relay:x@sub.example.gr.jp:mailertable", "mailbox:x@sub.example.gr.jp:local",
      "relay:y@example.net:smartHost", "gateway:y@example.net:mx", "mailbox:y@example.net:local",
    ]);
    // Only the gateway looked up an MX (for example.net); the relay's routes were both [host].
    expect(w.dns.log.filter((l) => l.startsWith("MX"))).toEqual(["MX example.net"]);
  });

  it("S12: equal-preference MX split about 50/50 (Postfix shuffles)", () => {
    const w = world({
      outside: { addr: "192.0.2.10", hostname: "outside.example.net" },
      mx1: { addr: "198.51.100.1", hostname: "mx1.example.org", localDomains: ["example.org"], mailboxes: "any" },
      mx2: { addr: "198.51.100.2", hostname: "mx2.example.org", localDomains: ["example.org"], mailboxes: "any" },
    }, { mx: { "example.org": [[10, "mx1.example.org"], [10, "mx2.example.org"]] }, a: { "mx1.example.org": "198.51.100.1", "mx2.example.org": "198.51.100.2" } });
    const N = 400;
    for (let i = 0; i < N; i++) w.send(i, "outside", "c@example.net", ["u@example.org"]);
    w.kernel.run();
    expect(balance(w).settled).toEqual({ delivered: N });
    const at1 = w.mtas.mx1.mailboxes.totalMessages;
    // Binomial(400, 1/2): sd = 10; 4 sd either way.
    expect(Math.abs(at1 - N / 2)).toBeLessThan(40);
  });
});

describe("bounces (S30)", () => {
  it("an unknown user is refused at RCPT (550 5.1.1) and a DSN from <> reaches the sender", () => {
    const w = world(hosts(), site);
    w.send(0, "outside", "carol@example.net", ["nobody@example.gr.jp"]);
    w.kernel.run();
    const b = balance(w);
    // The gateway relays for the whole domain, so it accepts; the mailbox server refuses at RCPT; the gateway bounces.
    const bounced = w.of("mta.bounced");
    expect(bounced).toHaveLength(1);
    expect(bounced[0]).toMatchObject({ host: "gateway", code: 550, enhanced: "5.1.1" });
    expect(b.settled).toEqual({ bounced: 1, delivered: 1 }); // the original bounced, the DSN delivered
    const dsn = w.mtas.outside.mailboxes.recent[0];
    expect(dsn.envelope.mailFrom).toBe("");
    expect(dsn.header[0]).toEqual({ name: "Return-Path", value: "<>" });
    expect(dsn.header.find((f) => f.name === "Content-Type")?.value).toMatch(/^multipart\/report; report-type=delivery-status/);
  });

  it("a bounce that cannot be delivered goes to postmaster once, and is never bounced again", () => {
    const w = world({ ...hosts(), outside: { addr: "192.0.2.10", hostname: "outside.example.net", localDomains: ["example.net"], mailboxes: ["carol"] } }, site);
    // The (forged) sender does not exist at outside: the DSN to it is refused, and the gateway
    // sends a double bounce to its own postmaster (sendmail DoubleBounceAddress).
    w.send(0, "outside", "ghost@example.net", ["nobody@example.gr.jp"]);
    w.kernel.run();
    const b = balance(w);
    expect(b.settled).toEqual({ bounced: 2, delivered: 1 });
    expect(w.mtas.outside.mailboxes.totalMessages).toBe(0);
    const pm = w.mtas.gateway.mailboxes.recent.map((m) => [m.envelope.mailFrom, m.envelope.rcptTo[0], m.envelope.notification]);
    expect(pm).toEqual([["", "postmaster@gateway.example.gr.jp", "double-bounce"]]);
  });

  it("a message from <> that bounces becomes a double bounce to postmaster, never a mail to <>", () => {
    const w = world(hosts(), site);
    const m = w.send(0, "outside", "", ["nobody@example.gr.jp"]);
    w.kernel.run();
    const b = balance(w);
    expect(b.settled).toEqual({ bounced: 1, delivered: 1 });
    // The bounce of a <> message is a double bounce to the gateway's postmaster, not a mail to <>.
    const pm = w.mtas.gateway.mailboxes.recent.map((x) => x.envelope.rcptTo[0]);
    expect(pm).toEqual(["postmaster@gateway.example.gr.jp"]);
    expect(w.of("mta.queued").every((e) => e.rcpts.every((r) => r !== ""))).toBe(true);
    expect(m.envelope.mailFrom).toBe("");
  });
});
