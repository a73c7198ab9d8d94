import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Dnsbl, dnsblAddrOf, dnsblQueryName, dnsblZone, type DnsblMode } from "../../sim/dns/dnsbl";
import { makeQuery, rcodeOf, sectionRrs } from "../../sim/dns/wire";

const Z = "rbl.example.net";
const list = new Dnsbl({
  zone: Z,
  servers: [{ name: "ns.rbl.example.net", addr: "192.0.2.200" }],
  entries: [{ addr: "203.0.113.9", reason: "open relay" }, { addr: "203.0.113.10", code: "127.0.0.4" }],
});

function ask(ip: string, mode: DnsblMode, type: "A" | "TXT" = "A") {
  const r = list.respond(makeQuery(9, dnsblQueryName(ip, Z), type, false), mode);
  if (r === null) return null;
  return { rcode: rcodeOf(r.response), data: sectionRrs(r.response.answers).map((a) => a.data) };
}

describe("DNSBL (RFC 5782)", () => {
  it("reverses octets under the list zone, and back", () => {
    expect(dnsblQueryName("192.0.2.99", Z)).toBe("99.2.0.192.rbl.example.net");
    fc.assert(fc.property(fc.ipV4(), (ip) => dnsblAddrOf(dnsblQueryName(ip, Z), Z) === ip));
    expect(dnsblAddrOf("rbl.example.net", Z)).toBeUndefined();
  });

  it("normal: test entry 127.0.0.2 listed, 127.0.0.1 not, listed entries with their code and reason, others NXDOMAIN", () => {
    expect(ask("127.0.0.2", "normal")).toEqual({ rcode: "NOERROR", data: ["127.0.0.2"] });
    expect(ask("127.0.0.1", "normal")).toEqual({ rcode: "NXDOMAIN", data: [] });
    expect(ask("203.0.113.9", "normal")).toEqual({ rcode: "NOERROR", data: ["127.0.0.2"] });
    expect(ask("203.0.113.9", "normal", "TXT")).toEqual({ rcode: "NOERROR", data: [["open relay"]] });
    expect(ask("203.0.113.10", "normal")).toEqual({ rcode: "NOERROR", data: ["127.0.0.4"] });
    expect(ask("198.51.100.1", "normal")).toEqual({ rcode: "NXDOMAIN", data: [] });
  });

  it("refuses to publish 127.0.0.1 (RFC 5782 §5: MUST NOT)", () => {
    expect(() => dnsblZone({ zone: Z, servers: [], entries: [{ addr: "127.0.0.1" }] }, "normal")).toThrow(/127\.0\.0\.1/);
  });

  it("down: no answer at all; servfail: SERVFAIL with no data", () => {
    expect(ask("203.0.113.9", "down")).toBeNull();
    expect(ask("203.0.113.9", "servfail")).toEqual({ rcode: "SERVFAIL", data: [] });
  });

  it("list-the-world answers 127.0.0.2 for every address, even 127.0.0.1", () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      expect(ask(ip, "list-the-world")).toEqual({ rcode: "NOERROR", data: ["127.0.0.2"] });
    }), { numRuns: 200 });
    expect(ask("127.0.0.1", "list-the-world")?.data).toEqual(["127.0.0.2"]);
  });

  it("outside-127 answers an address outside 127/8 for every query", () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      const r = ask(ip, "outside-127")!;
      expect(r.rcode).toBe("NOERROR");
      expect(r.data).toHaveLength(1);
      expect(String(r.data[0]).startsWith("127.")).toBe(false);
    }), { numRuns: 200 });
  });

  it("modes switch at run time without rebuilding the listing", () => {
    expect(ask("198.51.100.1", "normal")?.rcode).toBe("NXDOMAIN");
    expect(ask("198.51.100.1", "list-the-world")?.data).toEqual(["127.0.0.2"]);
    expect(ask("198.51.100.1", "normal")?.rcode).toBe("NXDOMAIN");
  });
});
