import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseZone, ZoneError } from "../../sim/dns/zone-parser";
import { printZone } from "../../sim/dns/zone-printer";
import type { Rr, Zone } from "../../sim/dns/zone";

const O = "example.gr.jp";

describe("zone parser", () => {
  it("reads $TTL, @, relative names, parentheses, comments, owner inheritance and quoted TXT", () => {
    const z = parseZone(
      [
        "$TTL 1h ; default",
        "@  IN SOA ns1 hostmaster ( 2024010101 ; serial",
        "      3h 15m 1w 300 )",
        "   IN NS ns1",
        "   IN MX 10 mail-g1",
        "   300 IN MX 20 mail-g2.example.gr.jp.",
        "mail-g1 IN A 202.250.31.150",
        'txt IN TXT "v=spf1 -all" "a \\"q\\" \\059"',
        "*.wild IN MX 5 mail-g1",
        "$ORIGIN sub.example.gr.jp.",
        "host 60 IN A 192.0.2.1",
      ].join("\n"),
      { origin: O },
    );
    const expected: Rr[] = [
      { name: O, type: "SOA", class: "IN", ttl: 3600, data: { mname: "ns1.example.gr.jp", rname: "hostmaster.example.gr.jp", serial: 2024010101, refresh: 10800, retry: 900, expire: 604800, minimum: 300 } },
      { name: O, type: "NS", class: "IN", ttl: 3600, data: "ns1.example.gr.jp" },
      { name: O, type: "MX", class: "IN", ttl: 3600, data: { preference: 10, exchange: "mail-g1.example.gr.jp" } },
      { name: O, type: "MX", class: "IN", ttl: 300, data: { preference: 20, exchange: "mail-g2.example.gr.jp" } },
      { name: "mail-g1.example.gr.jp", type: "A", class: "IN", ttl: 3600, data: "202.250.31.150" },
      { name: "txt.example.gr.jp", type: "TXT", class: "IN", ttl: 3600, data: ["v=spf1 -all", 'a "q" ;'] },
      { name: "*.wild.example.gr.jp", type: "MX", class: "IN", ttl: 3600, data: { preference: 5, exchange: "mail-g1.example.gr.jp" } },
      { name: "host.sub.example.gr.jp", type: "A", class: "IN", ttl: 60, data: "192.0.2.1" },
    ];
    expect(z).toEqual({ origin: O, records: expected });
  });

  it("without $TTL a record takes the last explicit TTL (RFC 1035 §5.1), else the default", () => {
    const z = parseZone("a IN A 192.0.2.1\nb 120 IN A 192.0.2.2\nc IN A 192.0.2.3\n", { origin: O, defaultTtl: 77 });
    expect(z.records.map((r) => r.ttl)).toEqual([77, 120, 120]);
  });

  it("accepts TTL and class in either order, and case-insensitive types and names", () => {
    const z = parseZone("WWW IN 60 a 192.0.2.1\nwww 60 IN A 192.0.2.2\n", { origin: "Example.JP." });
    expect(z.records.map((r) => [r.name, r.ttl, r.type])).toEqual([["www.example.jp", 60, "A"], ["www.example.jp", 60, "A"]]);
  });

  const errors: [string, number, number, RegExp][] = [
    ["@ IN MXX 10 a", 1, 6, /unknown record type "MXX" \(expected one of SOA/],
    ["a IN A 192.0.2.1\n\nb IN A 300.1.1.1", 3, 8, /not an IPv4 address \(expected/],
    ["a IN MX ten b", 1, 9, /expected an MX preference/],
    ["a IN MX 10", 1, 11, /ends too early \(expected an exchange host name\)/],
    ["  IN A 192.0.2.1", 1, 3, /no owner name/],
    ["a IN A 192.0.2.1 extra", 1, 18, /unexpected "extra"/],
    ['a IN TXT "open', 1, 10, /unterminated quoted string/],
    ["a IN MX ( 10\n b", 1, 9, /"\(" never closed/],
    ["a IN A 192.0.2.1 )", 1, 18, /"\)" without "\("/],
    ["www.other.jp. IN A 192.0.2.1", 1, 1, /outside the zone \(expected a name ending in example\.gr\.jp\.\)/],
    ["a CH A 192.0.2.1", 1, 3, /class CH is not supported \(expected IN\)/],
    ["a IN CNAME b\na IN A 192.0.2.1", 2, 1, /CNAME .* beside other data/],
    ["sub IN SOA a b 1 2 3 4 5", 1, 1, /SOA at sub\.example\.gr\.jp\./],
    ["$INCLUDE other.zone", 1, 1, /\$INCLUDE is not supported/],
    ["a.*.b IN A 192.0.2.1", 1, 1, /only as the whole leftmost label/],
    ["a 99999999999 IN A 192.0.2.1", 1, 3, /too large/],
  ];
  for (const [text, line, column, msg] of errors) {
    it(`reports ${JSON.stringify(text)} at ${line}:${column}`, () => {
      let err: unknown;
      try {
        parseZone(text, { origin: O });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ZoneError);
      const ze = err as ZoneError;
      expect([ze.zone, ze.line, ze.column]).toEqual([O, line, column]);
      expect(ze.problem).toMatch(msg);
      expect(ze.message.startsWith(`${O}.:${line}:${column}: `)).toBe(true);
    });
  }

  it("never throws anything but a positioned ZoneError, whatever the text (fuzz)", () => {
    const alphabet = fc.constantFrom(..."aAx*@$.;()\"\\ \t\n\r019:-_\u0001é".split(""), "IN", "MX", "A", "TXT", "SOA", "CNAME", "$TTL", "$ORIGIN", "192.0.2.1", "::1");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join("")), (text) => {
        try {
          parseZone(text, { origin: O });
        } catch (e) {
          if (!(e instanceof ZoneError)) throw e;
          const lines = text.split("\n").length;
          if (!(e.line >= 1 && e.line <= lines && e.column >= 1)) throw new Error(`bad position ${e.line}:${e.column}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join("."));
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
const ttl = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const inZone = fc.oneof(fc.constant(O), hostName.map((h) => `${h}.${O}`), hostName.map((h) => `*.${h}.${O}`));
const anywhere = fc.oneof(inZone, hostName.map((h) => `${h}.net`));
const rr: fc.Arbitrary<Rr> = fc.oneof(
  fc.record({ name: inZone, type: fc.constant("A" as const), class: fc.constant("IN" as const), ttl, data: ipv4 }),
  fc.record({ name: inZone, type: fc.constant("NS" as const), class: fc.constant("IN" as const), ttl, data: anywhere }),
  fc.record({ name: inZone, type: fc.constant("PTR" as const), class: fc.constant("IN" as const), ttl, data: anywhere }),
  fc.record({ name: inZone, type: fc.constant("AAAA" as const), class: fc.constant("IN" as const), ttl, data: fc.constantFrom("2001:db8::1", "::1", "fe80::1:2:3:4") }),
  fc.record({ name: inZone, type: fc.constant("MX" as const), class: fc.constant("IN" as const), ttl, data: fc.record({ preference: fc.integer({ min: 0, max: 65535 }), exchange: anywhere }) }),
  fc.record({ name: inZone, type: fc.constant("TXT" as const), class: fc.constant("IN" as const), ttl, data: fc.array(fc.string({ maxLength: 40, unit: "binary-ascii" }), { minLength: 1, maxLength: 3 }) }),
);

describe("zone printer", () => {
  it("parse(print(z)) = z for generated zones", () => {
    fc.assert(
      fc.property(fc.array(rr, { maxLength: 12 }), (records) => {
        const z: Zone = { origin: O, records };
        expect(parseZone(printZone(z), { origin: O })).toEqual(z);
      }),
      { numRuns: 500 },
    );
  });

  it("parse(print(parse(text))) = parse(text) for a hand-written zone with SOA and CNAME", () => {
    const z = parseZone("@ 86400 IN SOA ns1 h.example.gr.jp. 1 2 3 4 5\nwww IN CNAME host\nhost IN A 192.0.2.7\n", { origin: O });
    expect(parseZone(printZone(z), { origin: O })).toEqual(z);
  });
});
