/** MX selection against RFC 5321 §5.1 and RFC 7505, with answers written out by hand. */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine";
import { type AddressAnswer, type MxOptions, orderMx, selectMx } from "../../sim/mta/mx";
import { isPermanent, isTransient } from "../../sim/smtp";

const A = (...addrs: string[]): AddressAnswer => ({ kind: "a", addrs });
const dns = (table: Record<string, AddressAnswer>) => (name: string): AddressAnswer => table[name] ?? { kind: "nxdomain" };

const shuffle = (seed = 1): MxOptions => ({
  equalPreference: "shuffle",
  stream: new RandomStreams(seed).stream("mta/test/mx-shuffle"),
  cnameInMx: "follow",
  maxAddresses: 100,
});

const ZONE = dns({
  "mail-g1.example.gr.jp": A("202.250.31.150"),
  "mail-g2.example.gr.jp": A("202.250.31.151"),
  "mail-g3.example.gr.jp": A("202.250.31.152", "202.250.31.153"),
  "example.gr.jp": A("202.250.31.160"),
});

describe("selectMx", () => {
  it("sorts by preference, lowest first; a multihomed host's addresses in resolver order", () => {
    const plan = selectMx("example.gr.jp", { kind: "mx", records: [
      { preference: 30, exchange: "mail-g3.example.gr.jp" },
      { preference: 10, exchange: "mail-g1.example.gr.jp" },
      { preference: 20, exchange: "mail-g2.example.gr.jp" },
    ] }, ZONE, shuffle());
    expect(plan.kind).toBe("deliver");
    if (plan.kind !== "deliver") return;
    expect(plan.candidates.map((c) => c.address)).toEqual(["202.250.31.150", "202.250.31.151", "202.250.31.152", "202.250.31.153"]);
  });

  it("equal preference is ≈ 50/50 over many draws (within 4σ of the binomial), the less preferred MX always last", () => {
    const opts = shuffle(42);
    const N = 4000;
    let first1 = 0;
    for (let i = 0; i < N; i++) {
      const order = orderMx([
        { preference: 10, exchange: "mail-g1" }, { preference: 10, exchange: "mail-g2" }, { preference: 20, exchange: "mail-g3" },
      ], opts);
      if (order[0].exchange === "mail-g1") first1++;
      expect(order[2].exchange).toBe("mail-g3");
    }
    expect(Math.abs(first1 - N / 2)).toBeLessThanOrEqual(4 * Math.sqrt(N * 0.25));
  });

  it("sendmail's hash order is repeatable for one seed and differs between seeds", () => {
    const recs = ["a", "b", "c", "d"].map((x) => ({ preference: 10, exchange: `mx-${x}.example` }));
    const order = (seed: number) => orderMx(recs, { equalPreference: "hash", hashSeed: seed }).map((r) => r.exchange).join(",");
    expect(order(7)).toBe(order(7));
    const orders = new Set(Array.from({ length: 50 }, (_, s) => order(s)));
    expect(orders.size).toBeGreaterThan(5);
  });

  it("implicit MX: no MX records → the domain's own A at preference 0", () => {
    const plan = selectMx("example.gr.jp", { kind: "nodata" }, ZONE, shuffle());
    expect(plan).toMatchObject({ kind: "deliver", implicit: true, candidates: [{ host: "example.gr.jp", preference: 0, address: "202.250.31.160" }] });
  });

  it("no MX and no A is a permanent error (S15)", () => {
    const plan = selectMx("nowhere.example", { kind: "nodata" }, ZONE, shuffle());
    expect(plan.kind === "fail" && isPermanent(plan.reply)).toBe(true);
  });

  it("null MX (MX 0 .) → permanent 556 5.1.10 (RFC 7505)", () => {
    const plan = selectMx("nomail.example", { kind: "mx", records: [{ preference: 0, exchange: "." }] }, ZONE, shuffle());
    expect(plan).toMatchObject({ kind: "fail", reply: { code: 556, enhanced: "5.1.10" } });
  });

  it("a temporary MX lookup failure defers with 4.4.3; NXDOMAIN bounces", () => {
    const t = selectMx("x.example", { kind: "tempfail" }, ZONE, shuffle());
    expect(t.kind === "fail" && isTransient(t.reply) && t.reply.enhanced === "4.4.3").toBe(true);
    const n = selectMx("x.example", { kind: "nxdomain" }, ZONE, shuffle());
    expect(n.kind === "fail" && isPermanent(n.reply)).toBe(true);
  });

  const THREE = { kind: "mx" as const, records: [
    { preference: 10, exchange: "mail-g1.example.gr.jp" },
    { preference: 20, exchange: "mail-g2.example.gr.jp" },
    { preference: 30, exchange: "mail-g3.example.gr.jp" },
  ] };

  it("own-preference cut: the 2nd MX only tries the more-preferred MX (by name or by address)", () => {
    const byName = selectMx("example.gr.jp", THREE, ZONE, { ...shuffle(), self: { names: ["MAIL-G2.example.gr.jp."], addresses: [] } });
    expect(byName.kind === "deliver" && byName.candidates.map((c) => c.host)).toEqual(["mail-g1.example.gr.jp"]);
    const byAddr = selectMx("example.gr.jp", THREE, ZONE, { ...shuffle(), self: { names: [], addresses: ["202.250.31.152"] } });
    expect(byAddr.kind === "deliver" && byAddr.candidates.map((c) => c.host)).toEqual(["mail-g1.example.gr.jp", "mail-g2.example.gr.jp"]);
  });

  it("the best MX delivering to its own domain loops: permanent 5.4.6", () => {
    const plan = selectMx("example.gr.jp", THREE, ZONE, { ...shuffle(), self: { names: ["mail-g1.example.gr.jp"], addresses: [] } });
    expect(plan).toMatchObject({ kind: "fail", reply: { enhanced: "5.4.6" } });
  });

  it("better MX exist but have no address: defer 4.4.4, not bounce", () => {
    const lookup = dns({ "mail-g2.example.gr.jp": A("202.250.31.151") });
    const plan = selectMx("example.gr.jp", THREE, lookup, { ...shuffle(), self: { names: ["mail-g2.example.gr.jp"], addresses: [] } });
    expect(plan.kind === "fail" && isTransient(plan.reply) && plan.reply.enhanced).toBe("4.4.4");
  });

  it("MX pointing at a CNAME: followed or skipped per profile (S5, RFC 2181 §10.3)", () => {
    const lookup = dns({ "alias.example": { kind: "cname", target: "real.example", addrs: ["192.0.2.9"] }, "b.example": A("192.0.2.10") });
    const mx = { kind: "mx" as const, records: [{ preference: 10, exchange: "alias.example" }, { preference: 20, exchange: "b.example" }] };
    const f = selectMx("d.example", mx, lookup, shuffle());
    expect(f.kind === "deliver" && f.candidates.map((c) => [c.address, c.via])).toEqual([["192.0.2.9", "real.example"], ["192.0.2.10", undefined]]);
    const s = selectMx("d.example", mx, lookup, { ...shuffle(), cnameInMx: "skip" });
    expect(s.kind === "deliver" && s.candidates.map((c) => c.address)).toEqual(["192.0.2.10"]);
  });

  it("no MX host has an address: defer if a lookup failed temporarily, else bounce 5.4.4", () => {
    const mx = { kind: "mx" as const, records: [{ preference: 10, exchange: "a.example" }, { preference: 20, exchange: "b.example" }] };
    const temp = selectMx("d.example", mx, dns({ "a.example": { kind: "tempfail" } }), shuffle());
    expect(temp.kind === "fail" && temp.reply.enhanced).toBe("4.4.3");
    const none = selectMx("d.example", mx, dns({}), shuffle());
    expect(none.kind === "fail" && none.reply.enhanced).toBe("5.4.4");
  });

  it("keeps at most maxAddresses (Postfix smtp_mx_address_limit)", () => {
    const plan = selectMx("example.gr.jp", THREE, ZONE, { ...shuffle(), maxAddresses: 2 });
    expect(plan.kind === "deliver" && plan.candidates.length).toBe(2);
  });
});
