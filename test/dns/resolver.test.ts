import { describe, expect, it } from "vitest";
import {
  buildHierarchy, deployHierarchy, parseZone, Resolver, type Resolution, type RrType,
} from "../../sim/dns";
import type { TraceEvent, TraceOf } from "../../sim/engine";
import { explainDns } from "../../sim/dns/explain";
import { world } from "./fake-net";

const ZONE = `$TTL 600
@        IN SOA ns1 hostmaster 1 3600 900 604800 300
@        IN MX 10 mail-g1
@        IN MX 20 mail-g2
mail-g1  IN A  202.250.31.150
mail-g2  IN A  202.250.31.151
*.wild   IN MX 10 mail-g1
`;
const NS1 = { name: "ns1.example.gr.jp", addr: "202.250.31.148" };
const NAMED = "10.0.0.53";

function setup(opts: { minimal?: boolean; trustAdditional?: boolean } = {}) {
  const w = world(0.01); // every datagram takes 10 ms: a query costs 20 ms of round trip
  const h = buildHierarchy([{ zone: parseZone(ZONE, { origin: "example.gr.jp" }), servers: [NS1] }]);
  for (const s of h.servers) w.net.add(s.name, s.addr);
  w.net.add("gateway", NAMED);
  const servers = deployHierarchy(w.kernel, w.bus, w.transport, h, { minimalResponses: opts.minimal ? [NS1.name] : [] });
  const resolver = new Resolver(w.kernel, w.bus, w.transport, { name: "gateway", addr: NAMED, rootHints: h.rootHints, trustAdditional: opts.trustAdditional });
  const events: TraceEvent[] = [];
  w.bus.subscribe((e) => events.push(e));
  const resolve = (name: string, type: RrType): Resolution & { at: number } => {
    let out: (Resolution & { at: number }) | undefined;
    resolver.resolve(name, type, (r) => (out = { ...r, at: w.kernel.now }));
    w.kernel.run();
    if (out === undefined) throw new Error("no result");
    return out;
  };
  return { ...w, h, servers, resolver, resolve, events };
}

describe("caching resolver", () => {
  it("cold cache: MX for example.gr.jp asks root, jp, gr.jp, example.gr.jp (4 queries, 80 ms)", () => {
    const s = setup();
    const r = s.resolve("example.gr.jp", "MX");
    expect(r.rcode).toBe("NOERROR");
    expect(r.fromCache).toBe(false);
    expect(r.answers.map((a) => a.data)).toEqual([{ preference: 10, exchange: "mail-g1.example.gr.jp" }, { preference: 20, exchange: "mail-g2.example.gr.jp" }]);
    expect(s.resolver.counters.queriesSent).toBe(4);
    expect(r.at).toBeCloseTo(0.08, 9);
    const asked = s.events.filter((e): e is Extract<TraceEvent, { type: "dns.query" }> => e.type === "dns.query").map((e) => e.server);
    expect(asked).toEqual(["a.root-servers.net", "a.dns.jp", "a.dns.gr.jp", "ns1.example.gr.jp"]);
    const root = s.events.find((e): e is TraceOf<"dns.reply"> => e.type === "dns.reply")!;
    expect(explainDns(root)).toBe("resolver@gateway: referral from a.root-servers.net to jp. servers (2 NS, glue for 2)");
  });

  it("warm cache costs no query until the TTL (600 s) runs out, then one query to the zone's server", () => {
    const s = setup();
    s.resolve("example.gr.jp", "MX");
    s.kernel.runUntil(599);
    const warm = s.resolve("example.gr.jp", "MX");
    expect(warm).toMatchObject({ rcode: "NOERROR", fromCache: true });
    expect(warm.answers.map((a) => a.ttl)).toEqual([1, 1]); // counted down: 600 - 599
    expect(s.resolver.counters.queriesSent).toBe(4);
    s.kernel.runUntil(601);
    const again = s.resolve("example.gr.jp", "MX");
    expect(again.fromCache).toBe(false);
    // NS of example.gr.jp (172800 s delegation) is still cached: straight to ns1.
    expect(s.resolver.counters.queriesSent).toBe(5);
  });

  it("S4: with the additional section, MX + both exchangers' addresses cost 4 queries; minimal responses cost 2 more", () => {
    for (const [opts, extra] of [[{}, 0], [{ minimal: true }, 2], [{ trustAdditional: false }, 2]] as const) {
      const s = setup(opts);
      s.resolve("example.gr.jp", "MX");
      const a1 = s.resolve("mail-g1.example.gr.jp", "A");
      const a2 = s.resolve("mail-g2.example.gr.jp", "A");
      expect([a1.answers[0].data, a2.answers[0].data]).toEqual(["202.250.31.150", "202.250.31.151"]);
      expect(s.resolver.counters.queriesSent).toBe(4 + extra);
      expect(a1.fromCache).toBe(extra === 0);
    }
  });

  it("negative caching: NXDOMAIN kept for min(SOA TTL 600, MINIMUM 300) = 300 s, for every type, then asked again", () => {
    const s = setup();
    const r = s.resolve("nothere.example.gr.jp", "A");
    expect(r).toMatchObject({ rcode: "NXDOMAIN", answers: [], fromCache: false });
    expect(s.resolver.counters.queriesSent).toBe(4);
    const t0 = s.kernel.now;
    s.kernel.runUntil(t0 + 299);
    expect(s.resolve("nothere.example.gr.jp", "A")).toMatchObject({ rcode: "NXDOMAIN", fromCache: true });
    expect(s.resolve("nothere.example.gr.jp", "MX")).toMatchObject({ rcode: "NXDOMAIN", fromCache: true });
    expect(s.resolver.counters.queriesSent).toBe(4);
    s.kernel.runUntil(t0 + 301);
    expect(s.resolve("nothere.example.gr.jp", "A")).toMatchObject({ rcode: "NXDOMAIN", fromCache: false });
    expect(s.resolver.counters.queriesSent).toBe(5);
  });

  it("NODATA is cached per type: MX of a host with only A", () => {
    const s = setup();
    expect(s.resolve("mail-g1.example.gr.jp", "MX")).toMatchObject({ rcode: "NOERROR", answers: [], fromCache: false });
    expect(s.resolve("mail-g1.example.gr.jp", "MX")).toMatchObject({ rcode: "NOERROR", answers: [], fromCache: true });
    expect(s.resolve("mail-g1.example.gr.jp", "A").answers).toHaveLength(1);
  });

  it("S6: wildcard MX answers names that do not exist, not names that do", () => {
    const s = setup();
    const made = s.resolve("anything.wild.example.gr.jp", "MX");
    expect(made.answers.map((a) => [a.name, a.type])).toEqual([["anything.wild.example.gr.jp", "MX"]]);
    expect(s.resolve("mail-g1.example.gr.jp", "MX").answers).toEqual([]);
  });

  it("retries the next server after 0.8 s when one NS is down, counting the timeout", () => {
    const s = setup();
    s.servers.get("a.root-servers.net")!.setMode("down");
    const r = s.resolve("example.gr.jp", "MX");
    expect(r.rcode).toBe("NOERROR");
    expect(s.resolver.counters.timeouts).toBe(1);
    expect(s.resolver.counters.queriesSent).toBe(5);
    expect(r.at).toBeCloseTo(0.8 + 0.08, 9);
  });

  it("all NS of the zone down: SERVFAIL at the 10 s resolution limit, cached for 1 s", () => {
    const s = setup();
    s.resolve("mail-g1.example.gr.jp", "A"); // warms the delegation chain
    const sent = s.resolver.counters.queriesSent;
    s.net.setUp(NS1.addr, false);
    const t0 = s.kernel.now;
    const r = s.resolve("new.example.gr.jp", "A");
    expect(r.rcode).toBe("SERVFAIL");
    // Waits 0.8, 1.6, 3.2, then the 4.4 s left of the 10 s budget.
    expect(r.at - t0).toBeCloseTo(10, 9);
    expect(s.resolver.counters.queriesSent - sent).toBe(4);
    expect(s.resolver.counters.timeouts).toBe(4);
    s.kernel.runUntil(s.kernel.now + 0.5);
    expect(s.resolve("new.example.gr.jp", "A")).toMatchObject({ rcode: "SERVFAIL", fromCache: true });
    s.kernel.runUntil(s.kernel.now + 1);
    expect(s.resolve("new.example.gr.jp", "A")).toMatchObject({ rcode: "SERVFAIL", fromCache: false });
  });

  it("a lame server (REFUSED) is skipped at once for the next one", () => {
    const s = setup();
    s.servers.get("a.dns.jp")!.setMode("refused");
    const r = s.resolve("example.gr.jp", "MX");
    expect(r.rcode).toBe("NOERROR");
    expect(s.resolver.counters.timeouts).toBe(0);
    expect(s.resolver.counters.queriesSent).toBe(5);
    expect(r.at).toBeCloseTo(0.1, 9);
  });

  it("joins identical resolutions in progress instead of asking twice", () => {
    const s = setup();
    const got: Resolution[] = [];
    s.resolver.resolve("example.gr.jp", "MX", (r) => got.push(r));
    s.resolver.resolve("example.gr.jp", "MX", (r) => got.push(r));
    s.kernel.run();
    expect(got).toHaveLength(2);
    expect(s.resolver.counters.queriesSent).toBe(4);
  });
});
