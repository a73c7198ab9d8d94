import { describe, expect, it } from "vitest";
import {
  buildHierarchy, defaultResolvConf, deployHierarchy, Dnsbl, dnsblQueryName, parseResolvConf, parseZone, Resolver, StubResolver,
  type StubResult, type RrType,
} from "../../sim/dns";
import type { TraceOf, TraceEvent } from "../../sim/engine";
import { world } from "./fake-net";

describe("resolv.conf", () => {
  it("reads nameservers (at most 3), options and search, ignoring what glibc ignores", () => {
    const c = parseResolvConf([
      "# site resolvers", "domain example.gr.jp", "nameserver 10.0.0.53", "nameserver 10.0.1.53 ; second",
      "nameserver 10.0.2.53", "nameserver 10.0.3.53", "options timeout:2 attempts:9 rotate ndots:2 edns0", "sortlist 10.0.0.0",
    ].join("\n"));
    expect(c).toEqual({ nameservers: ["10.0.0.53", "10.0.1.53", "10.0.2.53"], search: ["example.gr.jp"], timeout: 2, attempts: 5, rotate: true, ndots: 2 });
    expect(parseResolvConf("")).toEqual(defaultResolvConf());
    expect(defaultResolvConf()).toMatchObject({ timeout: 5, attempts: 2, rotate: false });
  });

  it("per-server wait follows glibc send_dg: 5; 5,5; 5,3,6", () => {
    const c = defaultResolvConf();
    expect([0].map((i) => StubResolver.tryTimeout(c, i, 1))).toEqual([5]);
    expect([0, 1].map((i) => StubResolver.tryTimeout(c, i, 2))).toEqual([5, 5]);
    expect([0, 1, 2].map((i) => StubResolver.tryTimeout(c, i, 3))).toEqual([5, 3, 6]);
  });
});

function stubWorld(nameservers: string[]) {
  const w = world(0.01);
  w.net.add("client", "10.0.9.1");
  const stub = new StubResolver(w.kernel, w.bus, w.transport, "client", "10.0.9.1", defaultResolvConf(nameservers));
  const events: TraceEvent[] = [];
  w.bus.subscribe((e) => events.push(e));
  const lookup = (name: string, type: RrType): StubResult => {
    let out: StubResult | undefined;
    stub.lookup(name, type, (r) => (out = r));
    w.kernel.run();
    return out!;
  };
  return { ...w, stub, lookup, events };
}

describe("stub resolver timing (glibc, mta-semantics.md §4)", () => {
  for (const [n, seconds] of [[1, 10], [2, 20], [3, 28]] as const) {
    it(`${n} silent nameserver(s): fails after ${seconds} s with ${2 * n} queries`, () => {
      const servers = ["10.0.0.53", "10.0.1.53", "10.0.2.53"].slice(0, n);
      const s = stubWorld(servers);
      for (const a of servers) s.net.add(`dead-${a}`, a); // hosts up, nothing listens on port 53
      const r = s.lookup("example.gr.jp", "MX");
      expect(r).toMatchObject({ rcode: "SERVFAIL", timedOut: true, queries: 2 * n, answers: [] });
      expect(r.elapsed).toBe(seconds);
      expect(s.stub.timeouts).toBe(2 * n);
    });
  }

  it("rotate starts each lookup at the next nameserver", () => {
    const s = stubWorld(["10.0.0.53", "10.0.1.53"]);
    s.stub.conf = { ...s.stub.conf, rotate: true, attempts: 1 };
    s.lookup("a.example", "A");
    s.lookup("b.example", "A");
    const firsts = s.events.filter((e): e is TraceOf<"dns.query"> => e.type === "dns.query").map((e) => `${e.qname}>${e.to}`);
    expect(firsts).toEqual(["a.example>10.0.0.53", "a.example>10.0.1.53", "b.example>10.0.1.53", "b.example>10.0.0.53"]);
  });
});

const ZONE = "$TTL 600\n@ IN MX 10 mail\nmail IN A 202.250.31.150\n";
const NS1 = { name: "ns1.example.gr.jp", addr: "202.250.31.148" };
const RBL = new Dnsbl({ zone: "rbl.example.net", servers: [{ name: "ns.rbl.example.net", addr: "192.0.2.200" }], entries: [{ addr: "203.0.113.9", reason: "open relay" }] });

/** Two site resolvers (named A and B), the hierarchy with example.gr.jp and an RBL. */
function site(queryTimeout?: number) {
  const w = world(0.01);
  const h = buildHierarchy([
    { zone: parseZone(ZONE, { origin: "example.gr.jp" }), servers: [NS1] },
    { zone: RBL.zone, servers: RBL.listing.servers },
  ]);
  for (const s of h.servers) w.net.add(s.name, s.addr);
  const servers = deployHierarchy(w.kernel, w.bus, w.transport, h, { dnsbls: [RBL] });
  w.net.add("client", "10.0.9.1");
  const named = ["10.0.0.53", "10.0.1.53"].map((addr, i) => {
    w.net.add(`named${i}`, addr);
    w.net.setLatency("10.0.9.1", addr, 0.003);
    return new Resolver(w.kernel, w.bus, w.transport, { name: `named${i}`, addr, rootHints: h.rootHints, queryTimeout });
  });
  const stub = new StubResolver(w.kernel, w.bus, w.transport, "client", "10.0.9.1", defaultResolvConf(named.map((n) => n.addr)));
  const lookup = (name: string, type: RrType): StubResult => {
    let out: StubResult | undefined;
    stub.lookup(name, type, (r) => (out = r));
    w.kernel.run();
    return out!;
  };
  return { ...w, servers, named, stub, lookup };
}

describe("stub through the site's caching resolvers", () => {
  it("a healthy lookup: one stub query, the resolver walks the tree (6 ms + 4 x 20 ms)", () => {
    const s = site();
    const r = s.lookup("example.gr.jp", "MX");
    expect(r).toMatchObject({ rcode: "NOERROR", queries: 1, timedOut: false });
    expect(r.elapsed).toBeCloseTo(0.006 + 0.08, 9);
    expect(s.named[0].counters.queriesSent).toBe(4);
  });

  it("all NS of the zone down, two nameservers: the stub gives up after 20 s (glibc), resolvers keep trying", () => {
    // named gives up after 7 s, longer than the stub's 5 s per try, so every try of the
    // stub times out: A at 0, B at 5, A at 10, B at 15, failure at 20.
    const s = site(7);
    // Warm both resolvers: they know the example.gr.jp servers, so only ns1 is asked later.
    for (const n of s.named) n.resolve("example.gr.jp", "MX", () => undefined);
    s.kernel.run();
    s.net.setUp(NS1.addr, false);
    const t0 = s.kernel.now;
    const before = s.named.map((n) => n.counters.queriesSent);
    const r = s.lookup("new.example.gr.jp", "A");
    expect(r).toMatchObject({ rcode: "SERVFAIL", timedOut: true, queries: 4 });
    expect(r.elapsed).toBe(20);
    expect(s.kernel.now - t0).toBeGreaterThanOrEqual(20);
    // Each resolver ran two 7 s fetches (A: 0.003-7.003 and 10.003-17.003; B: 5.003-12.003
    // and 15.003-22.003), each with 4 tries (0.8, 1.6, 3.2 and the 1.4 s left).
    expect(s.named.map((n, i) => n.counters.queriesSent - before[i])).toEqual([8, 8]);
  });

  it("DNSBL: listed, not listed, and each failure mode as the MTA's stub sees it", () => {
    const s = site();
    const q = (ip: string) => s.lookup(dnsblQueryName(ip, "rbl.example.net"), "A");
    expect(q("127.0.0.2")).toMatchObject({ rcode: "NOERROR", answers: [{ type: "A", data: "127.0.0.2" }] });
    expect(q("203.0.113.9").answers.map((a) => a.data)).toEqual(["127.0.0.2"]);
    expect(s.lookup(dnsblQueryName("203.0.113.9", "rbl.example.net"), "TXT").answers.map((a) => a.data)).toEqual([["open relay"]]);
    expect(q("127.0.0.1")).toMatchObject({ rcode: "NXDOMAIN", answers: [] });
    expect(q("198.51.100.7")).toMatchObject({ rcode: "NXDOMAIN", answers: [] });

    const rbl = s.servers.get("ns.rbl.example.net")!;
    rbl.setDnsblMode("list-the-world");
    expect(q("198.51.100.8").answers.map((a) => a.data)).toEqual(["127.0.0.2"]);
    rbl.setDnsblMode("outside-127");
    expect(q("198.51.100.9").answers.map((a) => a.data)).toEqual(["198.51.100.80"]);
    rbl.setDnsblMode("servfail");
    // named answers SERVFAIL at once; glibc moves to the next server on SERVFAIL, and does
    // both rounds (attempts 2): A, B, A, B = 4 queries, all answered, none waited for.
    const sf = q("198.51.100.10");
    expect(sf).toMatchObject({ rcode: "SERVFAIL", timedOut: false, queries: 4 });
    expect(sf.elapsed).toBeLessThan(1);
    rbl.setDnsblMode("down");
    // With one nameserver: named needs its full 10 s (ending at 10.003 s, answer back at
    // 10.006 s), longer than the stub's two 5 s tries: glibc's 10 s for one server.
    s.stub.conf = { ...s.stub.conf, nameservers: [s.named[0].addr] };
    const down = q("198.51.100.11");
    expect(down).toMatchObject({ rcode: "SERVFAIL", timedOut: true, queries: 2 });
    expect(down.elapsed).toBe(10);
  });
});
