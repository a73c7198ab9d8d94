import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AddressError, cidrContains, isIPv4, parseCidr, parseIPv4 } from "../../sim/net";

/** The definition, written the obvious way: four 1–3 digit octets ≤ 255, dot-separated (surrounding space allowed). */
function reference(text: string): number | "bad" | "octet" {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) return "bad";
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return "octet";
  return ((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3];
}

describe("IPv4 addresses", () => {
  it("reads dotted quads as unsigned 32-bit values", () => {
    expect(parseIPv4("192.0.2.1")).toBe(0xc0000201);
    expect(parseIPv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIPv4(" 10.0.0.1 ")).toBe(0x0a000001);
  });

  it("refuses what is not one, saying what was expected", () => {
    for (const bad of ["", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4a", "1234.1.1.1", "a.b.c.d", "1.2.3.-4"]) {
      expect(() => parseIPv4(bad), bad).toThrow(/an IPv4 address like 192\.0\.2\.1/);
      expect(isIPv4(bad)).toBe(false);
    }
    expect(() => parseIPv4("1.2.3.256")).toThrow(AddressError);
    expect(() => parseIPv4("300.2.3.4")).toThrow(/octets 0\.\.255/);
  });

  it("agrees with the regular-expression definition on arbitrary text", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 999 }).map(String), fc.constantFrom("", "x", "01", "007", " "));
    const quadish = fc.tuple(octet, octet, octet, octet, fc.constantFrom("", ".", ".5", " ")).map(([a, b, c, d, tail]) => `${a}.${b}.${c}.${d}${tail}`);
    fc.assert(fc.property(fc.oneof(quadish, fc.string()), (text) => {
      const want = reference(text);
      if (want === "bad") expect(() => parseIPv4(text)).toThrow(/like 192/);
      else if (want === "octet") expect(() => parseIPv4(text)).toThrow(/octets/);
      else expect(parseIPv4(text)).toBe(want);
      expect(isIPv4(text)).toBe(typeof want === "number");
    }), { numRuns: 3000 });
  });

  it("matches prefixes on their first bits (RFC 4632 §3.1)", () => {
    const net = parseCidr("202.250.31.0/24");
    expect(cidrContains(net, parseIPv4("202.250.31.200"))).toBe(true);
    expect(cidrContains(net, parseIPv4("202.250.30.200"))).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0"), parseIPv4("8.8.8.8"))).toBe(true);
  });
});
