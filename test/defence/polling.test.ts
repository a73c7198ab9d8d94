/**
 * POP/IMAP polling load (S33): at a constant number of users and a constant flow
 * of mail, the mailbox server's work is set by how often the clients poll.
 */
import { describe, expect, it } from "vitest";
import { Kernel, RandomStreams, TraceBus, type TraceEvent } from "../../sim/engine";
import { MailboxStore } from "../../sim/mta";
import { ACCESS_COSTS, MailAccessServer, type AccessProtocol } from "../../sim/mta/mail-access";
import { Network } from "../../sim/net";
import { compose } from "../../sim/smtp";
import { startPolling } from "../../sim/traffic/polling";

const USERS = 50;
const T = 7200;

function office(protocol: AccessProtocol, interval: number) {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  const polls: Extract<TraceEvent, { type: "mailbox.poll" }>[] = [];
  bus.subscribe((e) => void (e.type === "mailbox.poll" && polls.push(e)));
  net.addHost("mbox", { addrs: ["10.0.0.110"] });
  net.addHost("lan", { addrs: ["10.0.0.1"] });
  net.addHost("pcs", { addrs: ["10.0.0.50"] });
  net.addLink("mbox", "lan", { bandwidth: 100e6, latency: 0.0002 });
  net.addLink("pcs", "lan", { bandwidth: 100e6, latency: 0.0002 });
  const store = new MailboxStore("any");
  const server = new MailAccessServer({ kernel, net, bus }, "mbox", store);
  // Every user gets one 8 KB message every 10 minutes, the same in every run.
  const users = Array.from({ length: USERS }, (_, i) => `user${i}`);
  for (let t = 0; t < T; t += 600) {
    users.forEach((u, i) => kernel.at(t + i, () => void store.deliver(u, `${u}@example.gr.jp`, compose({ id: `${u}-${t}`, from: "x@example.net", to: [`${u}@example.gr.jp`], at: t, host: "example.net",
      body: { kind: "opaque", contentType: "text/plain", bytes: 8000, transfer: "8bit" } }))));
  }
  startPolling(kernel, server, { users: users.map((user) => ({ client: "pcs", user })), protocol, interval, start: 0, stop: T },
    new RandomStreams(7).stream("traffic/0/poll/phases"));
  kernel.run({ until: T + 600 });
  return { server, polls, store };
}

describe("polling load (S33)", () => {
  it("POP: sessions scale with poll frequency at the same user count, and the work follows the cost formula", () => {
    const slow = office("pop3", 600);
    const fast = office("pop3", 60);
    for (const [o, interval] of [[slow, 600], [fast, 60]] as const) {
      // Each user polls at phase, phase + interval, … up to T: between floor(T/interval) and that plus one times.
      expect(o.server.sessions.pop3).toBeGreaterThanOrEqual(USERS * Math.floor(T / interval));
      expect(o.server.sessions.pop3).toBeLessThanOrEqual(USERS * (Math.floor(T / interval) + 1));
      const c = ACCESS_COSTS.pop3;
      const msgs = o.polls.reduce((n, p) => n + p.messages, 0);
      const bytes = o.polls.reduce((n, p) => n + p.bytes, 0);
      expect(o.server.work.pop3).toBeCloseTo(o.polls.length * c.session + msgs * c.perMessage + bytes * c.perByte, 9);
    }
    // The same mail was fetched; only the polling differs.
    const fetched = (o: typeof slow) => o.polls.reduce((n, p) => n + p.messages, 0);
    expect(Math.abs(fetched(fast) - fetched(slow))).toBeLessThanOrEqual(USERS);
    expect(fast.server.work.pop3 / slow.server.work.pop3).toBeGreaterThan(3);
    expect(fast.server.sessions.pop3 / slow.server.sessions.pop3).toBeCloseTo(10, 0);
  });

  it("POP empties the mailbox; IMAP keeps the mail, so each poll costs more as the mailbox grows", () => {
    const pop = office("pop3", 300);
    const imap = office("imap4", 300);
    expect([...pop.store.mailboxes()].every(([, b]) => b.messages <= 1)).toBe(true);
    expect([...imap.store.mailboxes()].every(([, b]) => b.messages === T / 600)).toBe(true);
    expect(imap.server.work.imap4).toBeGreaterThan(pop.server.work.pop3);
    const early = imap.polls.filter((p) => p.t < 1200);
    const late = imap.polls.filter((p) => p.t > T - 600);
    const mean = (xs: typeof early) => xs.reduce((n, p) => n + p.work, 0) / xs.length;
    expect(mean(late)).toBeGreaterThan(mean(early));
    expect(Math.max(...imap.polls.map((p) => p.kept))).toBe(T / 600);
  });
});
