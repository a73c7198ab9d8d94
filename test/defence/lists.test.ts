/**
 * Mailing lists and aliases (S8, S32): a post to the list reaches every
 * subscriber with the header untouched (To: is still the list) and the envelope
 * sender owner-LIST, so a subscriber's bounce goes to the list owner, never to
 * the poster. The ledger balances with the copies to the list ending `expanded`.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, run } from "../../sim";
import { buildSimulation } from "../../sim";
import { getField } from "../../sim/smtp";
import type { TraceEvent } from "../../sim/engine";

const scenario = (to: string) => `name: lists
duration: 2h
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  lists:
    role: mta
    addr: 202.250.31.160
    mta:
      profile: sendmail
      hostname: example.gr.jp
      domains: [example.gr.jp]
      mailboxes: [alice, bob, owner]
      aliases: { staff: [alice, bob] }
      lists: [{ name: ml, subscribers: [alice, bob, ken@example.com, nobody@example.com], owners: [owner] }]
  remote: { role: mta, addr: 203.0.113.25, mta: { profile: postfix, hostname: example.com, domains: [example.com], mailboxes: [ken] } }
links:
  - { between: [internet, lists], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, remote], bandwidth: 10Mbps, latency: 10ms }
traffic:
  - { kind: users, from: remote, senders: [ken@example.com], to: [${to}], count: 1, size: 2KB }
`;

describe("a mailing list", () => {
  it("expands to the subscribers with envelope sender owner-ml; the bounce goes to the owner, not the poster", () => {
    const events: TraceEvent[] = [];
    const s = loadScenario(scenario("ml@example.gr.jp"), "l.yaml");
    const sim = buildSimulation(s);
    sim.bus.subscribe((e) => void events.push(e));
    sim.kernel.run({ until: s.duration });
    const b = sim.ledger.balance();
    expect(b.lost).toBe(0);
    // 1 post + 4 subscriber copies + 1 DSN to owner-ml + 1 copy of it to the owner.
    expect(b.entered).toBe(7);
    expect(b.settled).toEqual({ expanded: 2, delivered: 4, bounced: 1 });
    const expanded = events.filter((e): e is Extract<TraceEvent, { type: "mta.expanded" }> => e.type === "mta.expanded");
    expect(expanded.map((e) => [e.rcpt, e.kind, e.members])).toEqual([["ml@example.gr.jp", "list", 4], ["owner-ml@example.gr.jp", "list-admin", 1]]);
    // Ken's copy: header To: is the list, Return-Path the list's owner address.
    const kens = sim.mtas.get("remote")!.mailboxes.recent;
    expect(kens.length).toBe(1);
    expect(getField(kens[0].header, "To")).toBe("ml@example.gr.jp");
    expect(getField(kens[0].header, "Return-Path")).toBe("<owner-ml@example.gr.jp>");
    expect(getField(kens[0].header, "Precedence")).toBe("list");
    // The owner got the DSN about nobody@example.com.
    const owner = sim.mtas.get("lists")!.mailboxes;
    expect(owner.mailbox("owner")?.messages).toBe(1);
    const dsn = owner.recent.find((m) => getField(m.header, "Return-Path") === "<>")!;
    expect(getField(dsn.header, "Subject")).toMatch(/Undeliver|Returned mail|failure/i);
  });

  it("ml-request reaches the owners; an alias keeps the poster as envelope sender", () => {
    const req = run(loadScenario(scenario("ml-request@example.gr.jp"), "l.yaml"));
    expect(req.summary.messages).toMatchObject({ injected: 2, expanded: 1, delivered: 1, lost: 0 });
    const s = loadScenario(scenario("staff@example.gr.jp"), "l.yaml");
    const sim = buildSimulation(s);
    sim.kernel.run({ until: s.duration });
    expect(sim.ledger.balance().settled).toEqual({ expanded: 1, delivered: 2 });
    const box = sim.mtas.get("lists")!.mailboxes;
    expect(box.recent.map((m) => getField(m.header, "Return-Path"))).toEqual(["<ken@example.com>", "<ken@example.com>"]);
    expect(box.recent.map((m) => getField(m.header, "Delivered-To")).sort()).toEqual(["alice@example.gr.jp", "bob@example.gr.jp"]);
  });
});
