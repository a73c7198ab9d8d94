/**
 * DNS messages on the wire (RFC 1035 §4), encoded and decoded by dns-packet.
 *
 * Every query and response in mxsim is a real DNS message: the size a link carries is
 * the encoded length, and the sections a resolver reads are the ones a server wrote.
 * The header's low four flag bits are the RCODE (RFC 1035 §4.1.1); dns-packet keeps
 * them inside `flags`, so {@link rcodeOf} reads them there.
 *
 * Servers answer the same question many times, so encoded answers may be cached and
 * reused with only the 16-bit ID (bytes 0–1) patched: {@link withId}. Stub queries,
 * resolver replies from cache and decoding are memoised the same way (wire-memo.ts).
 */
import * as dnsPacket from "dns-packet";
import type { Answer, DecodedPacket, Packet } from "dns-packet";
import { absolute, canonical } from "./name";
import { RDATA, type RdataCodec } from "./rdata";
import { decodeShared } from "./wire-memo";
import { RR_TYPES, type Rr, type RrType } from "./zone";

export type { Packet, DecodedPacket, Answer };

/** RCODE values (RFC 1035 §4.1.1, RFC 2136 for the names). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type RcodeName = keyof typeof RCODE;
const RCODE_NAMES: readonly RcodeName[] = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

export const FLAG_AA = dnsPacket.AUTHORITATIVE_ANSWER;
export const FLAG_RD = dnsPacket.RECURSION_DESIRED;
export const FLAG_RA = dnsPacket.RECURSION_AVAILABLE;
export const FLAG_TC = dnsPacket.TRUNCATED_RESPONSE;

export function rcodeOf(p: Packet): RcodeName {
  return RCODE_NAMES[(p.flags ?? 0) & 0xf] ?? "SERVFAIL";
}

export function isAuthoritative(p: Packet): boolean {
  return ((p.flags ?? 0) & FLAG_AA) !== 0;
}

export function encodeMessage(p: Packet): Buffer {
  return dnsPacket.encode(p);
}

/** dnsPacket.decode(bytes), memoised (wire-memo.ts): the result is shared, so read it, never change it. */
export function decodeMessage(bytes: Buffer): DecodedPacket {
  return decodeShared(bytes);
}

/** A copy of an encoded message with its ID replaced (bytes 0–1, big-endian). */
export function withId(bytes: Buffer, id: number): Buffer {
  const out = Buffer.from(bytes);
  out[0] = (id >> 8) & 0xff;
  out[1] = id & 0xff;
  return out;
}

/** A query for (name, type), as a stub (rd = true) or an iterative resolver (rd = false) sends it. */
export function makeQuery(id: number, name: string, type: RrType, rd: boolean): Packet {
  return { type: "query", id, flags: rd ? FLAG_RD : 0, questions: [{ name: name === "" ? "." : name, type, class: "IN" }] };
}

const text = (x: unknown): string => (typeof x === "string" ? x : x instanceof Uint8Array ? Buffer.from(x).toString("utf8") : String(x));

/**
 * A decoded answer as an mxsim record (canonical names, TXT as strings), or undefined
 * for types mxsim does not model (they are ignored, as a resolver ignores unknown data).
 */
export function toRr(a: Answer): Rr | undefined {
  const type = a.type as RrType;
  if (!RR_TYPES.includes(type) || !("data" in a)) return undefined;
  const name = canonical(a.name);
  const ttl = a.ttl ?? 0;
  const d: unknown = a.data;
  switch (type) {
    case "A":
    case "AAAA":
      return { name, type, class: "IN", ttl, data: String(d) };
    case "NS":
    case "CNAME":
    case "PTR":
      return { name, type, class: "IN", ttl, data: canonical(String(d)) };
    case "MX": {
      const mx = d as { preference?: number; exchange: string };
      return { name, type, class: "IN", ttl, data: { preference: mx.preference ?? 0, exchange: canonical(mx.exchange) } };
    }
    case "TXT":
      return { name, type, class: "IN", ttl, data: (Array.isArray(d) ? d : [d]).map(text) };
    case "SOA": {
      const s = d as { mname: string; rname: string; serial?: number; refresh?: number; retry?: number; expire?: number; minimum?: number };
      return {
        name, type, class: "IN", ttl,
        data: { mname: canonical(s.mname), rname: canonical(s.rname), serial: s.serial ?? 0, refresh: s.refresh ?? 0, retry: s.retry ?? 0, expire: s.expire ?? 0, minimum: s.minimum ?? 0 },
      };
    }
  }
}

/** All modelled records of one section of a decoded message. */
export function sectionRrs(answers: readonly Answer[] | undefined): Rr[] {
  const out: Rr[] = [];
  for (const a of answers ?? []) {
    const rr = toRr(a);
    if (rr !== undefined) out.push(rr);
  }
  return out;
}

/** One record in master-file presentation, fully qualified: "example.jp. 3600 IN MX 10 mail.example.jp." */
export function presentRr(rr: Rr): string {
  return `${absolute(rr.name)} ${rr.ttl} IN ${rr.type} ${(RDATA[rr.type] as RdataCodec<RrType>).print(rr.data, absolute)}`;
}

/** A decoded message as plain data for the browser's packet inspector. */
export interface InspectedMessage {
  id: number;
  kind: "query" | "response";
  rcode: RcodeName;
  flags: string[];
  question: string[];
  answer: string[];
  authority: string[];
  additional: string[];
}

export function inspectMessage(p: Packet): InspectedMessage {
  const f = p.flags ?? 0;
  const flags: string[] = [];
  if (p.type === "response") flags.push("qr");
  if (f & FLAG_AA) flags.push("aa");
  if (f & FLAG_TC) flags.push("tc");
  if (f & FLAG_RD) flags.push("rd");
  if (f & FLAG_RA) flags.push("ra");
  const section = (s: readonly Answer[] | undefined): string[] => sectionRrs(s).map(presentRr);
  return {
    id: p.id ?? 0,
    kind: p.type === "response" ? "response" : "query",
    rcode: rcodeOf(p),
    flags,
    question: (p.questions ?? []).map((q) => `${absolute(canonical(q.name))} IN ${q.type}`),
    answer: section(p.answers),
    authority: section(p.authorities),
    additional: section(p.additionals),
  };
}
