import { describe, expect, it } from "vitest";
import { world } from "./world";

/**
 * Postfix keeps a destination "dead" after a failed cohort and defers its mail without
 * connecting (qmgr_queue.c). A message with recipients at a dead destination and at a
 * live one must stay queued for the dead one — deferred synchronously while the live
 * delivery is still under way — and keep being counted in the queue.
 */
describe("postfix dead destination", () => {
  it("a message split between a dead and a live destination stays queued for the dead one", () => {
    const w = world(
      {
        sender: { addr: "192.0.2.10", hostname: "sender.example.net", profile: "postfix" },
        live: { addr: "192.0.2.20", hostname: "mx.example.com", localDomains: ["example.com"], mailboxes: "any" },
      },
      {
        mx: { "example.org": [[10, "dead.example.org"]], "example.com": [[10, "mx.example.com"]] },
        a: { "dead.example.org": "198.51.100.9", "mx.example.com": "192.0.2.20" },
      },
    );
    // dead.example.org exists but listens on no port: every connection is refused.
    w.net.addHost("dead", { addrs: ["198.51.100.9"] });
    w.net.addLink("dead", "switch", { bandwidth: 100e6, latency: 0.005 });
    // Enough failures to make example.org dead (a whole cohort of the destination's window).
    for (let i = 0; i < 6; i++) w.send(i, "sender", "a@example.net", [`u${i}@example.org`]);
    const split = w.send(10, "sender", "a@example.net", ["x@example.org", "y@example.com"]);
    w.kernel.run({ until: 60 });
    const suspended = w.of("mta.deferred").filter((e) => e.message === split.id);
    expect(suspended).toHaveLength(1);
    expect(suspended[0].text).toMatch(/example\.org is dead/);
    // The live recipient got through in the same attempt; the split message is still queued for x@.
    expect(w.ledger.fate(split.id, "y@example.com")).toBe("exit:delivered");
    expect(w.ledger.fate(split.id, "x@example.org")).toBe("held:queued@sender");
    expect(w.mtas.sender.queueLength().deferred).toBe(7); // the six single-recipient messages and the split one
    // A day later the split message is still held for x@ (retried, never lost), and still counted in the queue.
    w.kernel.run({ until: 86_400 });
    expect(w.ledger.fate(split.id, "x@example.org")).toBe("held:queued@sender");
    expect(w.mtas.sender.queueLength().deferred + w.mtas.sender.queueLength().active).toBe(7);
    expect(w.ledger.balance().lost).toBe(0);
  });

  it("a message whose every destination is dead is deferred once, with all its recipients, when its last delivery ends", () => {
    const w = world(
      { sender: { addr: "192.0.2.10", hostname: "sender.example.net", profile: "postfix" } },
      {
        mx: { "example.org": [[10, "dead.example.org"]], "example.info": [[10, "dead.example.info"]] },
        a: { "dead.example.org": "198.51.100.9", "dead.example.info": "198.51.100.10" },
      },
    );
    w.net.addHost("dead", { addrs: ["198.51.100.9", "198.51.100.10"] });
    w.net.addLink("dead", "switch", { bandwidth: 100e6, latency: 0.005 });
    for (let i = 0; i < 6; i++) {
      w.send(i, "sender", "a@example.net", [`u${i}@example.org`]);
      w.send(i, "sender", "a@example.net", [`u${i}@example.info`]);
    }
    const split = w.send(10, "sender", "a@example.net", ["x@example.org", "z@example.info"]);
    w.kernel.run({ until: 60 });
    // Both deliveries are deferred without a connection, inside the attempt; the entry is settled once, after the second.
    const deferred = w.of("mta.deferred").filter((e) => e.message === split.id);
    expect(deferred.map((e) => [e.t, e.rcpts])).toEqual([[10, ["x@example.org", "z@example.info"]]]);
    expect(w.of("smtp.connect").filter((e) => e.message === split.id)).toEqual([]);
    expect(w.mtas.sender.queueLength().deferred).toBe(13);
    expect(w.ledger.balance().lost).toBe(0);
  });
});
