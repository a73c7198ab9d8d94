/**
 * Limits (S27, S28): recipients per message, connection rate per client, spool
 * capacity against a mail bomb, and MIME nesting depth with the CPU cost of
 * scanning — each against the rule's own arithmetic.
 */
import { describe, expect, it } from "vitest";
import { mimeDepth } from "../../sim/mta/policy/limits";
import { compose, type Part } from "../../sim/smtp";
import { sendOnce, type ClientOutcome } from "../../sim/traffic/smtp-client";
import { defenceWorld } from "./clients";

const nest = (d: number): Part =>
  d === 0 ? { kind: "opaque", contentType: "application/octet-stream", bytes: 100, transfer: "base64" }
    : { kind: "multipart", contentType: "multipart/mixed", boundary: `b${d}`, parts: [nest(d - 1)] };

describe("recipients per message", () => {
  it("452 4.5.3 past the limit; the sending MTA defers the rest and delivers them in a later transaction", () => {
    const w = defenceWorld({
      sender: { addr: "192.0.2.10" },
      receiver: { addr: "192.0.2.20", hostname: "r.example", localDomains: ["r.example"], mailboxes: "any", maxRecipients: 3 },
    }, {}, { a: { "r.example": "192.0.2.20" } });
    const m = w.send(0, "sender", "x@s.example", ["a@r.example", "b@r.example", "c@r.example", "d@r.example", "e@r.example"]);
    w.kernel.run({ until: 7200 });
    const refused = w.of("mta.refused").filter((e) => e.host === "receiver");
    expect(refused.map((e) => [e.stage, e.code, e.enhanced])).toEqual([["rcpt", 452, "4.5.3"], ["rcpt", 452, "4.5.3"]]);
    const deferred = w.of("mta.deferred").filter((e) => e.message === m.id);
    expect(deferred.map((e) => e.rcpts)).toEqual([["d@r.example", "e@r.example"]]);
    expect(w.ledger.balance()).toMatchObject({ lost: 0, settled: { delivered: 5 } });
  });
});

describe("connection rate per client", () => {
  it("more than 2 connections a minute from one address: 421 4.3.2 at the greeting; the window slides", () => {
    const w = defenceWorld({ gw: { addr: "192.0.2.20", hostname: "gw.example", localDomains: ["gw.example"], mailboxes: "any", connectionRate: { count: 2, per: 60 } } },
      { bot: "198.51.100.66", other: "198.51.100.67" });
    const posts = [0, 1, 2, 3].map((i) => w.post(i, "bot", "gw", "x@bot.example", ["a@gw.example"]));
    const other = w.post(3, "other", "gw", "x@bot.example", ["a@gw.example"]);
    const later = w.post(61.5, "bot", "gw", "x@bot.example", ["a@gw.example"]);
    w.kernel.run({ until: 600 });
    expect(posts.map((p) => p.o!.result.failure?.code ?? 250)).toEqual([250, 250, 421, 421]);
    expect(posts[2].o!.result.failure!.enhanced).toBe("4.3.2");
    expect(other.o!.accepted.length).toBe(1); // per client address
    // At 61.5 s the connections at 0 s and 1 s are out of the window, those at 2 s and 3 s (refused, still counted) are in it.
    expect(later.o!.result.failure?.code).toBe(421);
    expect(w.ledger.balance().lost).toBe(0);
  });
});

describe("a mail bomb against the spool (S27)", () => {
  it("a spool of 10 messages takes 10 bombs and refuses the rest with 452 4.3.1; ratware's copies end rejected", () => {
    const w = defenceWorld({
      gw: { addr: "192.0.2.20", hostname: "gw.example", relayDomains: ["far.example"], spoolLimit: 10 },
      far: { addr: "192.0.2.30", hostname: "far.example", localDomains: ["far.example"], mailboxes: "any" },
    }, { attacker: "198.51.100.66" }, { a: { "far.example": "192.0.2.30" } });
    w.net.setHostUp("far", false); // the gateway cannot forward: its queue holds what it takes
    const bombs = Array.from({ length: 30 }, (_, i) => w.post(i * 2, "attacker", "gw", "bomber@attacker.example", ["victim@far.example"], { bytes: 200_000 }));
    w.kernel.run({ until: 300 });
    const accepted = bombs.filter((b) => b.o!.accepted.length === 1).length;
    expect(accepted).toBe(10);
    expect(bombs.filter((b) => b.o!.result.failure?.code === 452 && b.o!.result.failure.enhanced === "4.3.1").length).toBe(20);
    const b = w.ledger.balance();
    expect(b.lost).toBe(0);
    expect(b.settled.rejected).toBe(20);
    expect(b.held["queued@gw"]).toBe(10);
  });
});

describe("MIME nesting depth (S28)", () => {
  it("depth counts nesting levels; a bounded scan stops past the bound", () => {
    expect(mimeDepth(nest(0))).toEqual({ depth: 0, parts: 1 });
    expect(mimeDepth(nest(30))).toEqual({ depth: 30, parts: 31 });
    expect(mimeDepth(nest(30), 10)).toEqual({ depth: 11, parts: 12 });
  });

  it("the end-of-data reply waits for the scan: unbounded it costs every part, bounded it stops and refuses 554 5.6.0", () => {
    const perPart = 0.5;
    const session = (bound: number | null): ClientOutcome => {
      const mimeNesting = bound === null ? undefined : { bound, perPart };
      const w = defenceWorld({ gw: { addr: "192.0.2.20", hostname: "gw.example", localDomains: ["gw.example"], mailboxes: "any", mimeNesting } }, { bot: "198.51.100.66" });
      const m = compose({ id: "deep", from: "x@bot.example", to: ["a@gw.example"], at: 0, host: "bot.example", body: nest(30) });
      let out: ClientOutcome | undefined;
      w.kernel.at(0, () => sendOnce(w, { client: "bot", server: "gw", port: 25, helo: "bot", message: m }, (o) => (out = o)));
      w.kernel.run({ until: 600 });
      expect(w.ledger.balance().lost).toBe(0);
      return out!;
    };
    const none = session(null);
    const unbounded = session(0);
    const bounded = session(10);
    const took = (o: ClientOutcome) => o.result.end - o.result.start;
    expect(unbounded.accepted).toEqual(["a@gw.example"]);
    expect(took(unbounded) - took(none)).toBeCloseTo(31 * perPart, 6);
    expect([bounded.result.stage, bounded.result.failure?.code, bounded.result.failure?.enhanced]).toEqual(["done", 554, "5.6.0"]);
    expect(took(bounded) - took(none)).toBeCloseTo(12 * perPart, 6);
  });
});
