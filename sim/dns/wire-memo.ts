/**
 * Memos that spare the hot path dns-packet's work without changing a byte on the wire.
 *
 * A stub asks the same few questions again and again and a caching resolver answers
 * them from its cache, so most messages differ from an earlier one only in the ID
 * (bytes 0–1, RFC 1035 §4.1.1) and in the TTLs its records have left. dns-packet does
 * not compress names, so every field sits at a fixed offset once a message is encoded:
 * the TTL is the 32-bit field after a record's owner name, TYPE and CLASS (RFC 1035
 * §3.2.1, §4.1.3). Encoding therefore copies a template and patches those fields;
 * decoding looks the message up by its bytes with ID and TTLs masked out and hands back
 * the earlier result with the ID and TTLs read from the new bytes.
 *
 * Parts of a decoded result (questions, sections, record data) are shared between
 * callers: consumers only read them, and all but the record objects are frozen. Every
 * memo is bounded (emptied when full) and keyed by content only, so what it holds never
 * changes a result.
 */
import * as dnsPacket from "dns-packet";
import type { Answer, DecodedPacket } from "dns-packet";
import type { RrType } from "./zone";

/** Entries a memo holds before it is emptied. */
const MAX_ENTRIES = 4096;
const OPT = 41;

/**
 * Where each resource record's TTL sits in an encoded message, in section order (answer,
 * authority, additional); -1 for OPT, whose TTL field is EDNS data (RFC 6891 §6.1.3).
 * Undefined when the bytes do not parse as a whole message.
 */
export function ttlOffsets(b: Uint8Array): Int32Array | undefined {
  const n = b.length;
  if (n < 12) return undefined;
  const qd = (b[4] << 8) | b[5];
  const rrs = ((b[6] << 8) | b[7]) + ((b[8] << 8) | b[9]) + ((b[10] << 8) | b[11]);
  let p = 12;
  for (let i = 0; i < qd; i++) {
    p = skipName(b, p);
    if (p < 0 || p + 4 > n) return undefined;
    p += 4;
  }
  const out = new Int32Array(rrs);
  for (let i = 0; i < rrs; i++) {
    p = skipName(b, p);
    if (p < 0 || p + 10 > n) return undefined;
    out[i] = ((b[p] << 8) | b[p + 1]) === OPT ? -1 : p + 4;
    p += 10 + ((b[p + 8] << 8) | b[p + 9]);
    if (p > n) return undefined;
  }
  return out;
}

/** The offset just past the name at `p` (labels, ending in a zero or a pointer, RFC 1035 §4.1.4), or -1. */
function skipName(b: Uint8Array, p: number): number {
  for (;;) {
    if (p >= b.length) return -1;
    const len = b[p];
    if (len === 0) return p + 1;
    if ((len & 0xc0) === 0xc0) return p + 2 <= b.length ? p + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    p += len + 1;
  }
}

/** An encoded message whose ID and answer TTLs are patched per use. */
export interface WireTemplate {
  readonly bytes: Buffer;
  /** TTL offsets of the answer section's records. */
  readonly ttlAt: Int32Array;
}

/** A template from encoded bytes, or undefined when they have records outside the answer section or OPT. */
export function templateOf(encoded: Buffer): WireTemplate | undefined {
  const at = ttlOffsets(encoded);
  const an = (encoded[6] << 8) | encoded[7];
  if (at === undefined || at.length !== an || at.includes(-1)) return undefined;
  return { bytes: Buffer.from(encoded), ttlAt: at };
}

/** The template's bytes with this ID and these answer TTLs, written as dns-packet writes them. */
export function fillTemplate(t: WireTemplate, id: number, answers: readonly Answer[]): Buffer {
  const out = Buffer.from(t.bytes);
  out.writeUInt16BE(id || 0, 0);
  for (let i = 0; i < t.ttlAt.length; i++) out.writeUInt32BE(ttlOf(answers[i]) || 0, t.ttlAt[i]);
  return out;
}

const ttlOf = (a: Answer): number | undefined => ("ttl" in a ? a.ttl : undefined);

// Queries: one template per (rd, type, name), only the ID patched.
const queries: [Map<string, Map<string, Buffer>>, Map<string, Map<string, Buffer>>] = [new Map(), new Map()];
let queryCount = 0;

/** The bytes of `makeQuery(id, name, type, rd)` as dnsPacket.encode writes them. */
export function encodeQuery(id: number, name: string, type: RrType, rd: boolean): Buffer {
  const byType = queries[rd ? 1 : 0];
  let t = byType.get(type)?.get(name);
  if (t === undefined) {
    if (queryCount >= MAX_ENTRIES) clearQueries();
    let byName = byType.get(type);
    if (byName === undefined) byType.set(type, (byName = new Map()));
    t = dnsPacket.encode({
      type: "query", id: 0, flags: rd ? dnsPacket.RECURSION_DESIRED : 0,
      questions: [{ name: name === "" ? "." : name, type, class: "IN" }],
    });
    byName.set(name, t);
    queryCount++;
  }
  const out = Buffer.from(t);
  out.writeUInt16BE(id || 0, 0);
  return out;
}

// Decoding: by content with ID and TTLs masked.
interface Decoded {
  /** A private copy of the bytes first decoded. */
  readonly bytes: Buffer;
  readonly packet: DecodedPacket;
  readonly ttlAt: Int32Array;
  readonly ttls: Uint32Array;
}
/** Decoded messages by a hash of header and question (bytes 2 to the end of the question section). */
const decoded = new Map<number, Decoded[]>();
let decodedCount = 0;
/** Hashes seen once (see decodeShared). */
const seen = new Set<number>();
/** Messages kept per hash: different answers to one question. */
const PER_QUESTION = 8;

/**
 * dnsPacket.decode(bytes), from the memo when an earlier message had the same bytes
 * apart from ID and TTLs. The record sections and everything in them may be shared
 * with other callers: read them, never change them (the sections and questions are frozen).
 */
export function decodeShared(bytes: Buffer): DecodedPacket {
  const h = questionHash(bytes);
  const list = h === undefined ? undefined : decoded.get(h);
  if (list !== undefined) for (const d of list) if (sameMasked(d, bytes)) return withTtls(d, bytes);
  // A question is memoised from its second sighting: one-off names (DNSBL lookups of
  // ever new addresses) then cost a hash and a set entry, not a copy, an encode and freezing.
  if (h !== undefined && !seen.has(h)) {
    if (seen.size >= 4 * MAX_ENTRIES) seen.clear();
    seen.add(h);
    return dnsPacket.decode(bytes);
  }
  const at = h === undefined ? undefined : ttlOffsets(bytes);
  if (h === undefined || at === undefined) return dnsPacket.decode(bytes);
  // Decoded from a private copy: data that dns-packet slices out of the bytes stays ours.
  const copy = Buffer.from(bytes);
  // Kept only in dns-packet's own form (no pointers, RDLENGTHs as its decoders read them):
  // then the walk above finds the TTLs where dns-packet reads them. The check encodes a
  // decode of its own: dns-packet's encoders may write into the record data they are
  // given (CAA sets `flags` from `issuerCritical`), so that copy is never handed out.
  if (!canonicalForm(dnsPacket.decode(copy), copy)) return dnsPacket.decode(bytes);
  const packet = dnsPacket.decode(copy);
  deepFreeze(packet.questions);
  for (const list of [packet.answers, packet.authorities, packet.additionals]) if (list !== undefined) freezeSection(list);
  const ttls = new Uint32Array(at.length);
  let i = 0;
  for (const list of [packet.answers, packet.authorities, packet.additionals]) for (const a of list ?? []) ttls[i++] = ttlOf(a) ?? 0;
  if (decodedCount >= MAX_ENTRIES) {
    decoded.clear();
    decodedCount = 0;
  }
  const d: Decoded = { bytes: copy, packet, ttlAt: at, ttls };
  const same = decoded.get(h);
  if (same === undefined) decoded.set(h, [d]);
  else if (same.length < PER_QUESTION) same.push(d);
  else same[decodedCount % PER_QUESTION] = d;
  decodedCount++;
  return withTtls(d, bytes);
}

/** Whether dnsPacket.encode writes the decoded packet back as exactly these bytes. */
function canonicalForm(p: DecodedPacket, bytes: Buffer): boolean {
  try {
    return dnsPacket.encode(p).equals(bytes);
  } catch {
    return false;
  }
}

/** FNV-1a over bytes 2 up to the end of the question section, or undefined if there is none to hash. */
function questionHash(b: Buffer): number | undefined {
  if (b.length < 12) return undefined;
  let p = 12;
  for (let i = (b[4] << 8) | b[5]; i > 0; i--) {
    p = skipName(b, p);
    if (p < 0 || p + 4 > b.length) return undefined;
    p += 4;
  }
  let h = 0x811c9dc5 ^ b.length;
  for (let i = 2; i < p; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

/**
 * Whether `b` equals the memoised bytes except in the ID and the TTL fields. The fields
 * that locate records (label lengths, TYPE, RDLENGTH) are compared, so equal bytes put
 * the TTLs at the same offsets.
 */
function sameMasked(d: Decoded, b: Buffer): boolean {
  const m = d.bytes;
  const n = m.length;
  if (b.length !== n) return false;
  let p = 2;
  for (let k = 0; k <= d.ttlAt.length; k++) {
    const off = k < d.ttlAt.length ? d.ttlAt[k] : n;
    if (off < 0) continue;
    for (; p < off; p++) if (m[p] !== b[p]) return false;
    p = off + 4;
  }
  return true;
}

const u32 = (b: Buffer, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** The memoised packet with the ID and TTLs of `bytes`; records are copied only where a TTL differs. */
function withTtls(d: Decoded, bytes: Buffer): DecodedPacket {
  const id = (bytes[0] << 8) | bytes[1];
  const p = d.packet;
  let changed = false;
  for (let i = 0; i < d.ttlAt.length && !changed; i++) changed = d.ttlAt[i] >= 0 && u32(bytes, d.ttlAt[i]) !== d.ttls[i];
  if (!changed) return { ...p, id };
  const an = p.answers?.length ?? 0;
  const ns = p.authorities?.length ?? 0;
  return { ...p, id, answers: patch(d, bytes, p.answers, 0), authorities: patch(d, bytes, p.authorities, an), additionals: patch(d, bytes, p.additionals, an + ns) };
}

function patch(d: Decoded, bytes: Buffer, list: Answer[] | undefined, base: number): Answer[] | undefined {
  if (list === undefined) return undefined;
  const out = new Array<Answer>(list.length);
  for (let j = 0; j < list.length; j++) {
    const off = d.ttlAt[base + j];
    const ttl = off < 0 ? d.ttls[base + j] : u32(bytes, off);
    const a = list[j];
    out[j] = ttl === d.ttls[base + j] || a.type === "OPT" ? a : { ...a, ttl };
  }
  return Object.freeze(out) as Answer[];
}

/**
 * Freeze a record section and what its records hold (data). The records themselves stay
 * unfrozen: V8 copies frozen objects with spread several times slower, and they are
 * copied to patch TTLs.
 */
function freezeSection(list: readonly object[]): void {
  for (const e of list) for (const v of Object.values(e)) deepFreeze(v);
  Object.freeze(list);
}

function deepFreeze(x: unknown): void {
  if (typeof x !== "object" || x === null || ArrayBuffer.isView(x) || Object.isFrozen(x)) return;
  for (const v of Object.values(x)) deepFreeze(v);
  Object.freeze(x);
}

/** Forget every memo (tests; a long-lived worker between runs). */
export function clearWireMemos(): void {
  clearQueries();
  decoded.clear();
  decodedCount = 0;
  seen.clear();
}

function clearQueries(): void {
  queries[0].clear();
  queries[1].clear();
  queryCount = 0;
}
