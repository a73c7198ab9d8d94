import { describe, expect, it } from "vitest";
import { world } from "./world";

/**
 * The queue's three counts (Mta.queueLength): active and deferred as `mailq` shows
 * them, and the retry backlog, the entries that have failed at least once. An entry
 * is active again during each retry, so the deferred count drops to zero at every
 * postfix queue scan while the backlog holds; the browser's queue chart draws the
 * backlog for that reason (no comb).
 */
describe("queue counts", () => {
  it("the backlog counts every entry that failed before, through its retries, until it leaves", () => {
    const w = world(
      {
        sender: { addr: "192.0.2.10", hostname: "sender.example.net", profile: "postfix" },
        mx: { addr: "192.0.2.20", hostname: "mx.example.com", localDomains: ["example.com"], mailboxes: "any" },
      },
      { mx: { "example.com": [[10, "mx.example.com"]] }, a: { "mx.example.com": "192.0.2.20" } },
    );
    w.net.setHostUp("mx", false);
    for (let i = 0; i < 3; i++) w.send(i, "sender", "a@example.net", [`u${i}@example.com`]);
    // Connects to a dead host time out after 75 s (RFC5321_TIMEOUTS.connect): all three are deferred by 100 s.
    w.kernel.run({ until: 100 });
    expect(w.mtas.sender.queueLength()).toEqual({ active: 0, deferred: 3, backlog: 3 });
    // Postfix retries each after its minimal backoff (300 s after its failure): inside that retry all three are active again.
    const retry = w.of("mta.deferred")[0].next;
    w.kernel.run({ until: retry + 10 });
    expect(w.mtas.sender.queueLength()).toEqual({ active: 3, deferred: 0, backlog: 3 });
    // The mx comes back: the next retry delivers them, and they leave the backlog with the queue.
    w.net.setHostUp("mx", true);
    w.kernel.run({ until: 3600 });
    expect(w.mtas.sender.queueLength()).toEqual({ active: 0, deferred: 0, backlog: 0 });
    expect(w.of("mta.delivered").filter((e) => e.host === "sender")).toHaveLength(3);
    // A message delivered at once never enters the backlog.
    w.send(3700, "sender", "a@example.net", ["fresh@example.com"]);
    w.kernel.run({ until: 3700.001 });
    expect(w.mtas.sender.queueLength().backlog).toBe(0);
    expect(w.ledger.balance().lost).toBe(0);
  });
});
