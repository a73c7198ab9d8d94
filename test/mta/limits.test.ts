import { describe, expect, it } from "vitest";
import { compose } from "../../sim/smtp";
import { world } from "./world";

const dns = {
  mx: { "example.net": [[10, "a.example.net"]] as [number, string][] },
  a: { "a.example.net": "192.0.2.1", "b.example.org": "192.0.2.2", "mbox.example.org": "192.0.2.3" },
};

describe("loops, spool capacity, delay warnings, envelope vs header", () => {
  it("RFC 5321 §6.3: a mailertable loop between two relays ends at the hop limit with 554 5.4.6", () => {
    const w = world({
      a: { addr: "192.0.2.1", hostname: "a.example.net", localDomains: ["example.net"], mailboxes: "any",
        relayDomains: ["example.org"], mailertable: "example.org smtp:[b.example.org]\n" },
      b: { addr: "192.0.2.2", hostname: "b.example.org", relayDomains: ["example.org"], mailertable: "example.org smtp:[a.example.net]\n" },
    }, dns);
    w.send(0, "a", "u@example.net", ["x@example.org"]);
    w.kernel.run();
    expect(w.ledger.balance().lost).toBe(0);
    const refusal = w.of("mta.refused").find((e) => e.policy === "hops");
    expect(refusal).toMatchObject({ code: 554, enhanced: "5.4.6" });
    // Postfix counts Received: lines and refuses a message that already has hopcount_limit (50) of
    // them (cleanup: hop_count >= limit). Relay k receives k - 1 lines, so relays 1..50 accept and
    // the 51st receipt is refused: the submission plus 50 receipts are queued.
    const queued = w.of("mta.queued").filter((e) => e.message === "msg1");
    expect(queued.length).toBe(1 + 50);
    const b = w.of("mta.bounced").find((e) => e.message === "msg1");
    expect(b?.enhanced).toBe("5.4.6");
  });

  it("a full spool answers 452 4.3.1 at MAIL and the sender retries later (S27)", () => {
    const w = world({
      a: { addr: "192.0.2.1", hostname: "a.example.net", localDomains: ["example.net"], mailboxes: "any" },
      b: { addr: "192.0.2.2", hostname: "b.example.org", relayDomains: ["example.org"], spoolLimit: 2,
        mailertable: "example.org smtp:[mbox.example.org]\n" },
      mbox: { addr: "192.0.2.3", hostname: "mbox.example.org", localDomains: ["example.org"], mailboxes: "any" },
    }, { ...dns, mx: { ...dns.mx, "example.org": [[10, "b.example.org"]] } });
    w.kernel.at(0, () => w.net.setHostUp("mbox", false)); // b cannot empty its queue
    w.kernel.at(3000, () => w.net.setHostUp("mbox", true));
    for (let i = 0; i < 5; i++) w.send(i, "a", "u@example.net", ["x@example.org"]);
    w.kernel.run({ until: 100 });
    expect(w.ledger.balance().held).toEqual({ "queued@b": 2, "queued@a": 3 });
    const full = w.of("mta.refused").filter((e) => e.policy === "spool");
    expect(full.length).toBe(3);
    for (const f of full) expect([f.stage, f.code, f.enhanced]).toEqual(["mail", 452, "4.3.1"]);
    w.kernel.run();
    const b = w.ledger.balance();
    expect(b.settled).toEqual({ delivered: 5 });
    expect(b.lost).toBe(0);
  });

  it("sendmail warns once after Timeout.queuewarn (4 h) with a DSN whose Action is delayed", () => {
    const w = world({
      a: { addr: "192.0.2.1", hostname: "a.example.net", localDomains: ["example.net"], mailboxes: "any", profile: "sendmail" },
      b: { addr: "192.0.2.2", hostname: "b.example.org", localDomains: ["example.org"], mailboxes: "any" },
    }, { ...dns, mx: { ...dns.mx, "example.org": [[10, "b.example.org"]] } });
    w.kernel.at(0, () => w.net.setHostUp("b", false));
    w.kernel.at(8 * 3600, () => w.net.setHostUp("b", true));
    w.send(0, "a", "u@example.net", ["x@example.org"]);
    w.kernel.run();
    const warned = w.of("mta.warned");
    expect(warned).toHaveLength(1);
    // The warning goes out at the first deferral at or after 4 h: sendmail runs the queue every 30 min,
    // so the attempt at 4 h fails (after the 75 s connect timeout) and the warning follows it.
    expect(warned[0].t).toBeGreaterThanOrEqual(4 * 3600);
    expect(warned[0].t).toBeLessThan(4 * 3600 + 30 * 60);
    const notice = w.mtas.a.mailboxes.recent.find((m) => m.id === warned[0].notice)!;
    expect(notice.envelope.mailFrom).toBe("");
    const report = JSON.stringify(notice.body);
    expect(report).toMatch(/Action: delayed/);
    expect(w.ledger.balance().settled).toEqual({ delivered: 2 }); // the original, late, and the warning
  });

  it("S8: the envelope decides delivery, not the header's To:", () => {
    const w = world({
      a: { addr: "192.0.2.1", hostname: "a.example.net", localDomains: ["example.net"], mailboxes: ["list-reader", "other"] },
    }, dns);
    const m = compose({ id: "post1", from: "owner@example.net", to: ["the-list@example.net"], at: 0, host: "example.net",
      body: { kind: "opaque", contentType: "text/plain", bytes: 500, transfer: "7bit" } });
    const asSent = { ...m, envelope: { mailFrom: "owner-the-list@example.net", rcptTo: ["list-reader@example.net"] } };
    w.kernel.at(0, () => void w.mtas.a.submit(asSent));
    w.kernel.run();
    const copy = w.mtas.a.mailboxes.recent[0];
    expect(copy.envelope.rcptTo).toEqual(["list-reader@example.net"]);
    expect(copy.header.find((f) => f.name === "To")?.value).toBe("the-list@example.net");
    expect(copy.header[0]).toEqual({ name: "Return-Path", value: "<owner-the-list@example.net>" });
    expect(w.mtas.a.mailboxes.mailbox("other")).toBeUndefined();
  });
});
