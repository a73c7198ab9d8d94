/**
 * The wire memos (sim/dns/wire-memo.ts) must be invisible: every byte they produce equals
 * dnsPacket.encode of the same packet, every decode equals a fresh dnsPacket.decode.
 */
import fc from "fast-check";
import * as dnsPacket from "dns-packet";
import type { Answer, Packet } from "dns-packet";
import { beforeEach, describe, expect, it } from "vitest";
import { buildHierarchy, deployHierarchy, parseZone, Resolver, type Resolution, type Rr, type RrType } from "../../sim/dns";
import { decodeMessage, FLAG_AA, FLAG_RA, FLAG_RD, makeQuery, RCODE } from "../../sim/dns/wire";
import { clearWireMemos, decodeShared, encodeQuery, fillTemplate, templateOf, ttlOffsets } from "../../sim/dns/wire-memo";
import { world } from "./fake-net";

const label = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,14}[A-Za-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
const qname = fc.oneof({ weight: 9, arbitrary: domain }, { weight: 1, arbitrary: fc.constantFrom("", ".") });
const rrType = fc.constantFrom<RrType>("SOA", "NS", "A", "AAAA", "MX", "CNAME", "TXT", "PTR");
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** A record of any modelled type, without its TTL. */
const record: fc.Arbitrary<Omit<Rr, "ttl">> = fc.oneof(
  fc.record({ name: domain, type: fc.constant("A" as const), class: fc.constant("IN" as const), data: fc.ipV4() }),
  fc.record({ name: domain, type: fc.constant("AAAA" as const), class: fc.constant("IN" as const), data: fc.ipV6() }),
  fc.record({ name: domain, type: fc.constantFrom("NS" as const, "CNAME" as const, "PTR" as const), class: fc.constant("IN" as const), data: domain }),
  fc.record({ name: domain, type: fc.constant("MX" as const), class: fc.constant("IN" as const), data: fc.record({ preference: u16, exchange: domain }) }),
  fc.record({ name: domain, type: fc.constant("TXT" as const), class: fc.constant("IN" as const), data: fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    name: domain, type: fc.constant("SOA" as const), class: fc.constant("IN" as const),
    data: fc.record({ mname: domain, rname: domain, serial: u32, refresh: u32, retry: u32, expire: u32, minimum: u32 }),
  }),
) as fc.Arbitrary<Omit<Rr, "ttl">>;

const withTtls = (records: readonly Omit<Rr, "ttl">[], ttls: readonly number[]): Answer[] =>
  records.map((r, i) => ({ ...r, ttl: ttls[i % ttls.length] }) as Answer);

/** A response's fixed part: question, flags (rcode, rd, aa), the records of its sections. */
const shape = fc.record({
  name: domain, type: rrType, rcode: fc.integer({ min: 0, max: 5 }), rd: fc.boolean(), aa: fc.boolean(),
  answers: fc.array(record, { maxLength: 5 }), authorities: fc.array(record, { maxLength: 3 }), additionals: fc.array(record, { maxLength: 3 }),
});
type Shape = typeof shape extends fc.Arbitrary<infer S> ? S : never;
const variant = fc.record({ id: u16, ttls: fc.array(u32, { minLength: 1, maxLength: 11 }) });

/** decodeShared(b) equals a fresh dnsPacket.decode(b), or throws what it throws. */
function expectAsFresh(b: Buffer): void {
  let fresh: unknown;
  try {
    fresh = dnsPacket.decode(b);
  } catch (e) {
    expect(() => decodeShared(b)).toThrow((e as Error).message);
    return;
  }
  expect(decodeShared(b)).toStrictEqual(fresh);
}

function response(s: Shape, id: number, ttls: readonly number[]): Packet {
  return {
    type: "response", id, flags: (s.rd ? FLAG_RD : 0) | (s.aa ? FLAG_AA : 0) | FLAG_RA | s.rcode,
    questions: [{ name: s.name, type: s.type, class: "IN" }],
    answers: withTtls(s.answers, ttls), authorities: withTtls(s.authorities, [...ttls].reverse()), additionals: withTtls(s.additionals, ttls.slice(1).concat(ttls)),
  };
}

beforeEach(() => clearWireMemos());

describe("query templates", () => {
  it("encodeQuery equals dnsPacket.encode(makeQuery(...)) for any name, type, id and rd, memo hit or not", () => {
    fc.assert(fc.property(fc.array(fc.record({ name: qname, type: rrType, id: u16, rd: fc.boolean() }), { minLength: 1, maxLength: 20 }), (qs) => {
      for (const q of [...qs, ...qs]) {
        expect(encodeQuery(q.id, q.name, q.type, q.rd)).toEqual(dnsPacket.encode(makeQuery(q.id, q.name, q.type, q.rd)));
      }
    }));
  });

  it("stays exact past its bound (5000 names: it is emptied and refilled)", () => {
    for (let i = 0; i < 5000; i++) {
      const name = `h${i % 4500}.example.jp`;
      expect(encodeQuery(i & 0xffff, name, "A", i % 2 === 0)).toEqual(dnsPacket.encode(makeQuery(i & 0xffff, name, "A", i % 2 === 0)));
    }
  });
});

describe("response templates", () => {
  it("a template patched with another ID and other TTLs equals a fresh encode", () => {
    fc.assert(fc.property(shape, variant, fc.array(variant, { minLength: 1, maxLength: 5 }), (s, first, rest) => {
      const answersOnly = { ...s, authorities: [], additionals: [] };
      const bytes = dnsPacket.encode(response(answersOnly, first.id, first.ttls));
      const t = templateOf(bytes);
      expect(t).toBeDefined();
      for (const v of rest) {
        const p = response(answersOnly, v.id, v.ttls);
        expect(fillTemplate(t!, v.id, p.answers!)).toEqual(dnsPacket.encode(p));
      }
      // Records outside the answer section: no template (their TTLs would not be patched).
      if (s.authorities.length + s.additionals.length > 0) expect(templateOf(dnsPacket.encode(response(s, first.id, first.ttls)))).toBeUndefined();
    }));
  });

  it("finds every TTL where dns-packet wrote it (no name compression)", () => {
    fc.assert(fc.property(shape, variant, (s, v) => {
      const p = response(s, v.id, v.ttls);
      const bytes = dnsPacket.encode(p);
      const at = ttlOffsets(bytes)!;
      const all = [...p.answers!, ...p.authorities!, ...p.additionals!];
      expect(at.length).toBe(all.length);
      all.forEach((a, i) => expect(bytes.readUInt32BE(at[i])).toBe("ttl" in a ? a.ttl : -1));
    }));
  });
});

describe("shared decoding", () => {
  it("equals a fresh decode for messages that differ in ID and TTLs, in any order", () => {
    fc.assert(fc.property(fc.array(fc.tuple(shape, fc.array(variant, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 30 }), (shapes, picks) => {
      const msgs = shapes.flatMap(([s, vs]) => vs.map((v) => dnsPacket.encode(response(s, v.id, v.ttls))));
      for (const k of [...msgs.keys(), ...picks.map((p) => p % msgs.length)]) {
        expect(decodeMessage(msgs[k])).toStrictEqual(dnsPacket.decode(msgs[k]));
      }
    }));
  });

  it("equals a fresh decode (or throws as it does) for arbitrary bytes", () => {
    const header = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((h) => { h[4] = 0; h[5] = 1; return h; });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.tuple(header, fc.uint8Array({ maxLength: 80 })).map(([h, b]) => new Uint8Array([...h, ...b]))), (raw) => {
      const b = Buffer.from(raw);
      expectAsFresh(b);
      expectAsFresh(b);
    }));
  });

  it("hands out no record that dns-packet's encoder has written into (CAA flags 129 stay 129)", () => {
    // Found by the property below (seed 960134194): dns-packet's CAA encoder sets
    // `flags` from `issuerCritical`, so the decode used for the canonical-form check
    // must not be the one returned.
    const b = dnsPacket.encode({ type: "response", id: 7, flags: 0, questions: [{ name: "x", type: "CAA", class: "IN" }],
      answers: [{ name: "x", type: "CAA", class: "IN", ttl: 60, data: { flags: 0, tag: "issue", value: "ca" } }] });
    const at = b.indexOf(Buffer.from("issue")) - 2; // flags, then the tag's length
    b[at] = 129;
    const fresh = dnsPacket.decode(b);
    for (let i = 0; i < 3; i++) expect(decodeShared(b)).toStrictEqual(fresh);
  });

  it("equals a fresh decode for damaged messages and their TTL variants (no memo hit across a different parse)", () => {
    fc.assert(fc.property(shape, variant, variant, fc.nat(), fc.integer({ min: 0, max: 255 }), (s, v1, v2, at, byte) => {
      const msgs = [v1, v2].map((v) => dnsPacket.encode(response(s, v.id, v.ttls)));
      const pos = 2 + (at % (msgs[0].length - 2));
      for (const m of msgs) m[pos] = byte;
      for (const m of [...msgs, ...msgs]) expectAsFresh(m);
    }), { numRuns: 500 });
  });

  it("does not trust its own record walk where dns-packet parses differently (RDLENGTH that dns-packet ignores)", () => {
    // An A record with RDLENGTH 0: dns-packet reads 4 bytes of address anyway and walks on
    // 4 bytes later, so what the walk takes for the next record's TTL is part of a name.
    const msg = (t1: number) => Buffer.from([
      0, 1, 0x81, 0x80, 0, 0, 0, 2, 0, 0, 0, 0,
      0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0,
      0, 0, 16, 0, 1, t1, 0, 0, 1, 0, 2, 1, 0x78,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    for (const b of [msg(0x61), msg(0x62), msg(0x61)]) expect(decodeShared(b)).toStrictEqual(dnsPacket.decode(b));
  });

  it("many answer sets to one question, and compressed owner names, decode as dns-packet does", () => {
    const s: Shape = { name: "rbl.example", type: "A", rcode: 0, rd: true, aa: false, answers: [], authorities: [], additionals: [] };
    const msgs = Array.from({ length: 20 }, (_, i) => dnsPacket.encode(response({ ...s, answers: [{ name: "rbl.example", type: "A", class: "IN", data: `127.0.0.${i}` }] }, i, [i])));
    // The answer's owner as a pointer to the question name (offset 12), as other encoders write it.
    const compressed = Buffer.concat([Buffer.from([0, 7, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]), Buffer.from("\x03rbl\x07example\x00", "latin1"),
      Buffer.from([0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 2])]);
    for (let round = 0; round < 3; round++) for (const b of [...msgs, compressed]) expect(decodeMessage(b)).toStrictEqual(dnsPacket.decode(b));
  });

  it("hands out sections that cannot be changed", () => {
    const b = dnsPacket.encode(response({ name: "x.jp", type: "MX", rcode: 0, rd: true, aa: true, answers: [{ name: "x.jp", type: "MX", class: "IN", data: { preference: 1, exchange: "m.x.jp" } }], authorities: [], additionals: [] }, 1, [5]));
    decodeMessage(b); // memoised from the second sighting
    const d = decodeMessage(b);
    expect(() => d.answers!.push(d.answers![0])).toThrow(TypeError);
    expect(() => { (d.questions![0] as { name: string }).name = "y.jp"; }).toThrow(TypeError);
    d.id = 9; // the packet itself is the caller's
    expect(decodeMessage(b).id).toBe(1);
  });
});

const ZONE = `$TTL 600
@        IN SOA ns1 hostmaster 1 3600 900 604800 300
@        IN MX 10 mail-g1
@        IN MX 20 mail-g2
mail-g1  IN A  202.250.31.150
mail-g2  IN A  202.250.31.151
alias    IN CNAME mail-g1
short    30 IN A 202.250.31.152
`;

describe("resolver replies from cache", () => {
  it("are byte for byte dnsPacket.encode of the resolution, as TTLs count down and entries expire", () => {
    const questions: [string, RrType][] = [["example.gr.jp", "MX"], ["mail-g1.example.gr.jp", "A"], ["alias.example.gr.jp", "A"],
      ["short.example.gr.jp", "A"], ["none.example.gr.jp", "A"], ["example.gr.jp", "TXT"], ["MAIL-G2.example.gr.jp", "A"], ["mail-g2.example.gr.jp", "A"]];
    fc.assert(fc.property(fc.array(fc.record({ q: fc.nat(questions.length - 1), dt: fc.double({ min: 0, max: 120, noNaN: true }), id: u16, rd: fc.boolean() }), { minLength: 1, maxLength: 40 }), (asks) => {
      const w = world(0.01);
      const ns1 = { name: "ns1.example.gr.jp", addr: "202.250.31.148" };
      const h = buildHierarchy([{ zone: parseZone(ZONE, { origin: "example.gr.jp" }), servers: [ns1] }]);
      for (const s of h.servers) w.net.add(s.name, s.addr);
      w.net.add("named", "10.0.0.53");
      deployHierarchy(w.kernel, w.bus, w.transport, h);
      const resolver = new Resolver(w.kernel, w.bus, w.transport, { name: "named", addr: "10.0.0.53", rootHints: h.rootHints });
      for (const a of asks) {
        w.kernel.runUntil(w.kernel.now + a.dt);
        const [name, type] = questions[a.q];
        const query = decodeMessage(dnsPacket.encode(makeQuery(a.id, name, type, a.rd)));
        let got: Buffer | undefined;
        let want: Resolution | undefined;
        got = resolver.receive(query, "10.0.9.1", (b) => (got = b)) ?? undefined;
        resolver.resolve(name, type, (r) => (want = r));
        w.kernel.run();
        expect(got).toEqual(dnsPacket.encode({
          type: "response", id: a.id, flags: (a.rd ? FLAG_RD : 0) | FLAG_RA | RCODE[want!.rcode], questions: query.questions, answers: want!.answers,
        }));
      }
    }), { numRuns: 60 });
  });
});
