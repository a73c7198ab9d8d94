import { describe, expect, it } from "vitest";
import { AuthServer, decodeMessage, encodeMessage, makeQuery, parseZone, Resolver, type Resolution } from "../../sim/dns";
import { world } from "./fake-net";

const zone = parseZone("$TTL 600\n@ IN SOA ns1 h 1 2 3 4 300\n@ IN NS ns1\n@ IN NS ns2\nns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\nwww IN A 192.0.2.80\n", { origin: "example.jp" });

function pair() {
  const w = world(0.01);
  const mk = (name: string, addr: string) => {
    w.net.add(name, addr);
    return new AuthServer(w.kernel, w.bus, w.transport, { name, addr, zones: [zone] });
  };
  const s1 = mk("ns1.example.jp", "192.0.2.1");
  const s2 = mk("ns2.example.jp", "192.0.2.2");
  w.net.add("resolver", "10.0.0.53");
  // Root hints pointing straight at the zone's servers keep the timeline short.
  const r = new Resolver(w.kernel, w.bus, w.transport, { name: "resolver", addr: "10.0.0.53", rootHints: [{ name: s1.name, addr: s1.addr }, { name: s2.name, addr: s2.addr }] });
  const resolve = (name: string): Resolution & { at: number } => {
    let out: (Resolution & { at: number }) | undefined;
    const t0 = w.kernel.now;
    r.resolve(name, "A", (x) => (out = { ...x, at: w.kernel.now - t0 }));
    w.kernel.run();
    return out!;
  };
  return { ...w, s1, s2, r, resolve };
}

describe("authoritative server model", () => {
  it("answers repeated questions from encoded bytes with only the ID changed", () => {
    const w = pair();
    const replies: Buffer[] = [];
    const later: Buffer[] = [];
    for (const id of [0x1234, 0xbeef]) replies.push(w.s1.receive(decodeMessage(encodeMessage(makeQuery(id, "www.example.jp", "A", false))), "10.0.0.53", (b) => later.push(b))!);
    w.kernel.run();
    expect(later).toEqual([]); // an authoritative answer is known at once: returned, never sent through the callback
    expect(replies.map((b) => decodeMessage(b).id)).toEqual([0x1234, 0xbeef]);
    expect(replies[0].subarray(2).equals(replies[1].subarray(2))).toBe(true);
    expect([replies[0][0], replies[0][1], replies[1][0], replies[1][1]]).toEqual([0x12, 0x34, 0xbe, 0xef]);
  });

  it("slow: the extra delay adds to the resolution time exactly", () => {
    const w = pair();
    w.s1.setDelay(0.25);
    expect(w.resolve("www.example.jp").at).toBeCloseTo(0.02 + 0.25, 9);
  });

  it("down: silence, the resolver waits 0.8 s then asks the other server", () => {
    const w = pair();
    w.s1.setMode("down");
    const r = w.resolve("www.example.jp");
    expect(r.answers.map((a) => a.data)).toEqual(["192.0.2.80"]);
    expect(r.at).toBeCloseTo(0.8 + 0.02, 9);
    expect(w.r.counters.timeouts).toBe(1);
  });

  it("lame without AA: the resolver does not believe it and asks the other server at once", () => {
    const w = pair();
    w.s1.setMode("nonauth");
    const r = w.resolve("www.example.jp");
    expect(r.answers.map((a) => a.data)).toEqual(["192.0.2.80"]);
    expect(r.at).toBeCloseTo(0.04, 9);
    expect(w.r.counters.queriesSent).toBe(2);
  });

  it("both lame: SERVFAIL after 4 passes over the two servers, no waiting", () => {
    const w = pair();
    w.s1.setMode("refused");
    w.s2.setMode("nonauth");
    const r = w.resolve("www.example.jp");
    expect(r.rcode).toBe("SERVFAIL");
    expect(w.r.counters.queriesSent).toBe(8);
    expect(r.at).toBeCloseTo(8 * 0.02, 9);
  });
});

describe("DNS endpoints answer what they know by returning it, and the rest after receive returned", () => {
  const query = (id: number, rd: boolean) => decodeMessage(encodeMessage(makeQuery(id, "www.example.jp", "A", rd)));

  it("a delayed authoritative server returns nothing and replies after its delay", () => {
    const w = pair();
    w.s1.setDelay(0.25);
    const replies: number[] = [];
    expect(w.s1.receive(query(7, false), "10.0.0.53", () => replies.push(w.kernel.now))).toBeNull();
    expect(replies).toEqual([]);
    w.kernel.run();
    expect(replies).toEqual([0.25]);
  });

  it("a resolver: a miss is replied to once resolved, the same question again is a cache hit returned at once", () => {
    const w = pair();
    const late: Buffer[] = [];
    expect(w.r.receive(query(1, true), "10.0.0.9", (b) => late.push(b))).toBeNull();
    expect(late).toEqual([]);
    w.kernel.run();
    const addrs = (b: Buffer) => decodeMessage(b).answers?.map((a) => (a as { data: unknown }).data);
    expect(late.map(addrs)).toEqual([["192.0.2.80"]]);
    const hit = w.r.receive(query(2, true), "10.0.0.9", (b) => late.push(b));
    w.kernel.run();
    expect(addrs(hit!)).toEqual(["192.0.2.80"]);
    expect(late).toHaveLength(1);
  });
});
