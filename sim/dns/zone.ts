/**
 * Resource records and zones: the data an authoritative server serves.
 *
 * A zone (RFC 1034 §4.2) is the part of the name tree below one apex (its *origin*)
 * down to the delegation points where child zones begin. It holds one SOA at the
 * apex (serial, timers and, since RFC 2308 §4, the MINIMUM field that is the TTL for
 * negative answers), the apex NS set, and its records. Delegated children appear
 * only as NS records at the cut plus *glue* addresses for name servers that live
 * inside the child (RFC 1034 §4.2.1).
 *
 * Records are plain data shaped like dns-packet's answers, so an authoritative
 * answer is built by copying records into a packet with no conversion. Names are
 * canonical (see name.ts): lower case, no trailing dot, root "".
 *
 * {@link indexZone} turns the record list into the lookup structure the answer
 * logic needs: record sets by (name, type), every name that *exists* (including
 * empty non-terminals, RFC 4592 §2.2.2, which matter for wildcards), and the
 * delegation points.
 */
import { isSubdomain, parentName } from "./name";

/** The record types mxsim models. */
export type RrType = "SOA" | "NS" | "A" | "AAAA" | "MX" | "CNAME" | "TXT" | "PTR";

export const RR_TYPES: readonly RrType[] = ["SOA", "NS", "A", "AAAA", "MX", "CNAME", "TXT", "PTR"];

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  /** RFC 2308 §4: the TTL of negative answers (capped by the SOA's own TTL). */
  minimum: number;
}

export interface MxData {
  preference: number;
  exchange: string;
}

/** RDATA by type. TXT is a list of character-strings (each at most 255 octets). */
export interface RdataMap {
  SOA: SoaData;
  NS: string;
  A: string;
  AAAA: string;
  MX: MxData;
  CNAME: string;
  TXT: string[];
  PTR: string;
}

/** One resource record; assignable to dns-packet's `Answer`. */
export type Rr = { [T in RrType]: { name: string; type: T; class: "IN"; ttl: number; data: RdataMap[T] } }[RrType];
export type RrOf<T extends RrType> = Extract<Rr, { type: T }>;

/** A zone as text describes it: its apex and its records, in file order. */
export interface Zone {
  readonly origin: string;
  readonly records: readonly Rr[];
}

/** A zone ready for lookups. Built once by {@link indexZone}; never mutated afterwards. */
export interface IndexedZone {
  readonly origin: string;
  readonly zone: Zone;
  readonly soa: RrOf<"SOA"> | undefined;
  /** name -> type -> record set (in file order). */
  readonly sets: ReadonlyMap<string, ReadonlyMap<RrType, readonly Rr[]>>;
  /** Names that exist: owners and every ancestor of an owner down to the origin (RFC 4592 §2.2.2). */
  readonly exists: ReadonlySet<string>;
  /** Delegation points: names below the origin that own an NS set (RFC 1034 §4.2.1). */
  readonly cuts: ReadonlySet<string>;
}

export function indexZone(zone: Zone): IndexedZone {
  const sets = new Map<string, Map<RrType, Rr[]>>();
  const exists = new Set<string>();
  const cuts = new Set<string>();
  let soa: RrOf<"SOA"> | undefined;
  for (const rr of zone.records) {
    let byType = sets.get(rr.name);
    if (byType === undefined) {
      byType = new Map();
      sets.set(rr.name, byType);
    }
    const set = byType.get(rr.type);
    if (set === undefined) byType.set(rr.type, [rr]);
    else set.push(rr);
    if (rr.type === "SOA" && rr.name === zone.origin && soa === undefined) soa = rr;
    if (rr.type === "NS" && rr.name !== zone.origin) cuts.add(rr.name);
    for (let n: string | undefined = rr.name; n !== undefined && isSubdomain(n, zone.origin); n = parentName(n)) {
      if (exists.has(n)) break;
      exists.add(n);
      if (n === zone.origin) break;
    }
  }
  exists.add(zone.origin);
  return { origin: zone.origin, zone, soa, sets, exists, cuts };
}

/** The record set (name, type), or an empty list. */
export function rrset(z: IndexedZone, name: string, type: RrType): readonly Rr[] {
  return z.sets.get(name)?.get(type) ?? [];
}

/** Deep equality of two records (for tests and de-duplication). */
export function sameRr(a: Rr, b: Rr): boolean {
  return a.name === b.name && a.type === b.type && a.ttl === b.ttl && JSON.stringify(a.data) === JSON.stringify(b.data);
}
