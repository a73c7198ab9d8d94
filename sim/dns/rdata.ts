/**
 * The RDATA codec table: for each record type, how its data is read from master-file
 * text (RFC 1035 §5.1), written back, and which names in it call for additional-section
 * processing (RFC 1035 §3.3.9 MX, §3.3.11 NS: "cause type A additional section
 * processing"). One table, like dns-packet's own per-type codecs, so the parser, the
 * printer and the answer logic share one description of every type.
 */
import type { RdataMap, RrType } from "./zone";

/** What a codec reads its fields with; the zone parser implements it with positions for errors. */
export interface FieldReader {
  /** A domain name, relative names joined to the current $ORIGIN. */
  name(what: string): string;
  /** An unsigned integer below 2^bits. */
  uint(what: string, bits: 16 | 32): number;
  /** A time in seconds, BIND units allowed (1h30m, 2d, 1w). */
  duration(what: string): number;
  ipv4(): string;
  ipv6(): string;
  /** A character-string, quoted or bare, at most 255 octets (RFC 1035 §3.3). */
  string(): string;
  /** True when fields remain on the line. */
  more(): boolean;
}

export interface RdataCodec<T extends RrType> {
  parse(r: FieldReader): RdataMap[T];
  /** Master-file text; `name` writes a domain name relative to the origin where it can. */
  print(data: RdataMap[T], name: (n: string) => string): string;
  /** Host names whose addresses belong in the additional section (RFC 1035 §3.3). */
  targets(data: RdataMap[T]): string[];
}

const none = (): string[] => [];

/** Quote a character-string so the parser reads it back unchanged. */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += `\\${s[i]}`;
    else if (c < 0x20 || c === 0x7f) out += `\\${String(c).padStart(3, "0")}`;
    else out += s[i];
  }
  return `${out}"`;
}

const hostData = {
  parse: (r: FieldReader) => r.name("a host name"),
  print: (d: string, name: (n: string) => string) => name(d),
};

export const RDATA: { readonly [T in RrType]: RdataCodec<T> } = {
  A: { parse: (r) => r.ipv4(), print: (d) => d, targets: none },
  AAAA: { parse: (r) => r.ipv6(), print: (d) => d, targets: none },
  NS: { ...hostData, targets: (d) => [d] },
  CNAME: { ...hostData, targets: none },
  PTR: { ...hostData, targets: none },
  MX: {
    parse: (r) => ({ preference: r.uint("an MX preference 0-65535", 16), exchange: r.name("an exchange host name") }),
    print: (d, name) => `${d.preference} ${name(d.exchange)}`,
    // RFC 7505 null MX ("." ) has no address to add.
    targets: (d) => (d.exchange === "" ? [] : [d.exchange]),
  },
  TXT: {
    parse: (r) => {
      const out = [r.string()];
      while (r.more()) out.push(r.string());
      return out;
    },
    print: (d) => d.map(quoteString).join(" "),
    targets: none,
  },
  SOA: {
    parse: (r) => ({
      mname: r.name("the primary server name (MNAME)"),
      rname: r.name("the mailbox of the person responsible (RNAME)"),
      serial: r.uint("a serial number", 32),
      refresh: r.duration("a REFRESH time"),
      retry: r.duration("a RETRY time"),
      expire: r.duration("an EXPIRE time"),
      minimum: r.duration("a MINIMUM (negative caching TTL)"),
    }),
    print: (d, name) =>
      `${name(d.mname)} ${name(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`,
    targets: none,
  },
};

/** Additional-section targets of any record. */
export function targetsOf(type: RrType, data: RdataMap[RrType]): string[] {
  return (RDATA[type] as RdataCodec<RrType>).targets(data);
}
