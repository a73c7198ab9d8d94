import { describe, expect, it } from "vitest";
import { Kernel, RandomStreams } from "../../sim/engine";
import { scheduleArrivals } from "../../sim/traffic/arrivals";
import { DIURNAL_PROFILES, diurnalMultipliers } from "../../sim/traffic/diurnal";
import { startUsers } from "../../sim/traffic/users";
import { messageBytes, type Message } from "../../sim/smtp";
import { loadScenario, run } from "../../sim";

describe("arrivals with a diurnal profile (thinning)", () => {
  it("hourly counts follow the office profile; the daily mean is the rate", () => {
    const k = new Kernel();
    const hours = new Array<number>(24).fill(0);
    const rate = 0.5; // per second, daily mean
    scheduleArrivals(k, { count: Infinity, rate, start: 0, stop: 20 * 86_400, diurnal: diurnalMultipliers("office") }, new RandomStreams(3).stream("a"), () => {
      hours[Math.floor((k.now % 86_400) / 3600)]++;
    });
    k.run({ until: 20 * 86_400 });
    const w = DIURNAL_PROFILES.office;
    const mean = w.reduce((a, b) => a + b, 0) / 24;
    const total = hours.reduce((a, b) => a + b, 0);
    expect(total / (20 * 86_400)).toBeCloseTo(rate, 1);
    for (let h = 0; h < 24; h++) {
      const expected = rate * 3600 * 20 * (w[h] / mean);
      expect(Math.abs(hours[h] - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1); // 5 sigma of a Poisson count
    }
    expect(hours[10]).toBeGreaterThan(10 * hours[3]); // 2.6 vs 0.1: the office day
  });
});

describe("users writer: recipient mix and attachments", () => {
  it("externalShare of messages go outside; attachments are multipart with base64 sizes (RFC 2045)", () => {
    const k = new Kernel();
    const rng = new RandomStreams(9);
    const got: Message[] = [];
    startUsers(k, {
      name: "u", senders: ["a@in.example"], to: ["b@in.example"], externalTo: ["c@out.example"], externalShare: 0.3, recipients: 1,
      count: 4000, start: 0, stop: Infinity, size: () => 1000, host: "in.example", attachment: { share: 0.2, size: () => 30_000 },
    }, { arrivals: rng.stream("a"), sizes: rng.stream("s"), people: rng.stream("p"), mix: rng.stream("m"), attachments: rng.stream("x") }, (m) => got.push(m));
    k.run({ until: 1 });
    expect(got.length).toBe(4000);
    const ext = got.filter((m) => m.envelope.rcptTo[0] === "c@out.example").length / got.length;
    expect(ext).toBeGreaterThan(0.27);
    expect(ext).toBeLessThan(0.33);
    const withAtt = got.filter((m) => m.body.kind === "multipart");
    expect(withAtt.length / got.length).toBeGreaterThan(0.18);
    expect(withAtt.length / got.length).toBeLessThan(0.22);
    // 30,000 raw bytes -> 40,000 base64 characters in 527 lines of at most 76, each with CRLF.
    const att = withAtt[0].body.kind === "multipart" ? withAtt[0].body.parts[1] : undefined;
    expect(att).toMatchObject({ transfer: "base64", bytes: 30_000 });
    const plain = got.find((m) => m.body.kind !== "multipart")!;
    expect(messageBytes(withAtt[0]) - messageBytes(plain)).toBeGreaterThan(40_000 + 2 * 527);
  });
});

/** A world without DNS: every domain is an MTA's hostname (its implicit MX). */
const world = (traffic: string, extra = "") => `name: t
duration: 2h
hosts:
  net: { role: internet, addr: 192.0.2.1 }
  lists: { role: mta, addr: 192.0.2.10, mta: { hostname: lists.example, domains: [lists.example], mailboxes: [postmaster] } }
  a: { role: mta, addr: 192.0.2.11, mta: { profile: postfix, hostname: a.example, domains: [a.example], mailboxes: any } }
  b: { role: mta, addr: 192.0.2.12, mta: { profile: postfix, hostname: b.example, domains: [b.example], mailboxes: [user1, user2, user3] } }
  relay: { role: mta, addr: 192.0.2.13, mta: { hostname: relay.example, relayClients: ["0.0.0.0/0"] ${extra} } }
  spammer: { role: spammer, addr: 192.0.2.66 }
links:
  - { between: [net, lists], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, a], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, b], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, relay], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, spammer], bandwidth: 10Mbps, latency: 5ms }
traffic:
${traffic}`;

describe("workloads in scenarios", () => {
  it("a list post becomes one delivery per subscriber, over the subscribers' domains", () => {
    const s = loadScenario(world("  - { kind: list, from: lists, list: ml@lists.example, subscribers: 10, domains: [a.example, b.example], count: 3, size: 2KB }"), "t.yaml");
    const { summary, sim } = run(s);
    expect(summary.messages.lost).toBe(0);
    expect(summary.messages.expanded).toBe(3 + 3); // 3 posts, and 3 bounce notices to owner-ml (which reaches the owners)
    // sub1,3,5,7,9 @a (any mailbox): delivered; sub2..10 @b (only user1..3): 5.1.1, bounced to owner-ml
    expect(sim.mtas.get("a")!.stats.delivered).toBe(15);
    expect(summary.messages.delivered).toBe(15 + 3); // + three bounce notices about 5 subscribers each, to the owner (postmaster)
  });

  it("spam through an open relay: guessed recipients bounce to the forged senders' domain (backscatter)", () => {
    const s = loadScenario(world("  - { kind: spam, from: spammer, relay: relay, forgedDomains: [a.example], targetDomains: [b.example], recipients: 10, addressSpace: 10, count: 20, rate: 1/min }"), "t.yaml");
    const { summary, sim } = run(s);
    expect(summary.messages.lost).toBe(0);
    const b = sim.mtas.get("b")!.stats;
    expect(b.delivered).toBe(20 * 3); // user1..3 of each message's 10 exist
    // the 7 others per message are refused by b, bounced by the relay to x<k>@a.example: one DSN per message
    expect(sim.mtas.get("relay")!.stats.bounced).toBe(20 * 7);
    expect(sim.mtas.get("a")!.stats.delivered).toBe(20);
  });

  it("a mail bomb against a spool limit: what does not fit is refused at SMTP time", () => {
    const s = loadScenario(world("  - { kind: bomb, from: spammer, server: relay, victim: user1@b.example, count: 50, size: 500KB }", ", spoolLimit: 10"), "t.yaml");
    const { summary } = run(s);
    expect(summary.messages.lost).toBe(0);
    expect(summary.messages.rejected).toBeGreaterThan(0);
    expect(summary.messages.rejected + summary.messages.delivered).toBe(50);
  });

  it("mobile mail: many tiny messages", () => {
    const s = loadScenario(world("  - { kind: mobile, from: lists, domain: lists.example, subscribers: 500, to: [user1@b.example], rate: 1/s, stop: 30m }"), "t.yaml");
    const { summary, sim } = run(s);
    expect(summary.messages.lost).toBe(0);
    // the mobile profile's first half hour: rate × w[0] / mean(w)
    const w = DIURNAL_PROFILES.mobile;
    const expected = 1800 * (w[0] / (w.reduce((a, b) => a + b, 0) / 24));
    expect(Math.abs(summary.messages.delivered - expected)).toBeLessThan(5 * Math.sqrt(expected));
    const box = sim.mtas.get("b")!.mailboxes.mailbox("user1")!;
    expect(box.messages).toBe(summary.messages.delivered);
    expect(box.bytes / box.messages).toBeLessThan(1500); // a few hundred bytes of text plus the header
  });
});

describe("address ranges", () => {
  it("`{a..b}` expands shell-style, left to right, in order", async () => {
    const { expandRanges } = await import("../../sim/traffic/addresses");
    expect(expandRanges(["u{1..3}@x{2..1}.example", "plain@y.example"])).toEqual([
      "u1@x2.example", "u1@x1.example", "u2@x2.example", "u2@x1.example", "u3@x2.example", "u3@x1.example", "plain@y.example",
    ]);
    expect(expandRanges(["user@d{1..10000}.example"]).length).toBe(10_000);
  });
});
