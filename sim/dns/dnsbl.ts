/**
 * DNS blocklists (DNSBL, RFC 5782): a list of IP addresses published as a DNS zone.
 *
 * To ask whether 192.0.2.99 is listed in rbl.example.net, a mail server reverses the
 * octets and looks up the A record of `99.2.0.192.rbl.example.net` (RFC 5782 §2.1).
 * An answer in 127.0.0.0/8 means listed (the last octet may encode why, and a TXT
 * record at the same name gives a reason); NXDOMAIN means not listed. Every IPv4 list
 * MUST list 127.0.0.2 and MUST NOT list 127.0.0.1, so clients can test it (§5).
 *
 * Lists fail, and how they fail is what the tutorial's S24 is about. The modes here
 * are the ways real lists have failed, switchable while a simulation runs:
 *  - `normal`: the listing as published;
 *  - `down`: no server answers, so every lookup times out (ORDB 2006–2008, DSBL 2009);
 *  - `servfail`: the servers answer SERVFAIL;
 *  - `list-the-world`: every query answers 127.0.0.2, as Osirusoft (2003), ORDB (2008),
 *    DSBL (2012) and AHBL (2015) did to make people stop querying them;
 *  - `outside-127`: every query answers an address outside 127/8, as an expired list
 *    domain under a parking company's wildcard does (emailbasura.org, 2019).
 * The published data of the answering modes are ordinary zones (the world-listing
 * modes are a wildcard, as the operators really did it), answered by authority.ts.
 */
import { completeZone, type NameServer } from "./hierarchy";
import { join, labels } from "./name";
import { answerQuery, makeAuthority, type Authority, type AuthorityResult } from "./authority";
import type { Packet } from "dns-packet";
import { FLAG_RD, RCODE } from "./wire";
import type { Rr, Zone } from "./zone";

export type DnsblMode = "normal" | "down" | "servfail" | "list-the-world" | "outside-127";
export const DNSBL_MODES: readonly DnsblMode[] = ["normal", "down", "servfail", "list-the-world", "outside-127"];

export interface DnsblEntry {
  addr: string;
  /** The A answer; 127.0.0.2 unless the list encodes reasons in the last octet. */
  code?: string;
  reason?: string;
}

export interface DnsblListing {
  /** The list's zone, e.g. "rbl.example.net". */
  zone: string;
  servers: NameServer[];
  entries: readonly DnsblEntry[];
  /** TTL of list records (default 900 s) and, as SOA MINIMUM, of "not listed" (NXDOMAIN). */
  ttl?: number;
  /** What `outside-127` answers (default 198.51.100.80, a documentation address, RFC 5737). */
  outsideAddr?: string;
}

/** The RFC 5782 §5 test entry: always listed. 127.0.0.1 must never be. */
export const DNSBL_TEST_LISTED = "127.0.0.2";
export const DNSBL_TEST_UNLISTED = "127.0.0.1";

/** `99.2.0.192.rbl.example.net` for 192.0.2.99 (RFC 5782 §2.1). */
export function dnsblQueryName(addr: string, zone: string): string {
  return join(addr.split(".").reverse().join("."), zone);
}

/** The IPv4 address a DNSBL query name asks about, or undefined if it is not such a name. */
export function dnsblAddrOf(qname: string, zone: string): string | undefined {
  const ls = labels(qname);
  const zl = labels(zone).length;
  if (ls.length !== zl + 4 || !qname.endsWith(zone)) return undefined;
  const octets = ls.slice(0, 4).reverse();
  return octets.every((o) => /^[0-9]{1,3}$/.test(o) && Number(o) <= 255) ? octets.join(".") : undefined;
}

/** The zone a list publishes in a given answering mode. */
export function dnsblZone(listing: DnsblListing, mode: "normal" | "list-the-world" | "outside-127"): Zone {
  const ttl = listing.ttl ?? 900;
  const zone = listing.zone;
  const records: Rr[] = [];
  const add = (name: string, a: string, reason: string): void => {
    records.push({ name, type: "A", class: "IN", ttl, data: a });
    records.push({ name, type: "TXT", class: "IN", ttl, data: [reason] });
  };
  if (mode === "normal") {
    add(dnsblQueryName(DNSBL_TEST_LISTED, zone), "127.0.0.2", "RFC 5782 test entry");
    for (const e of listing.entries) {
      if (e.addr === DNSBL_TEST_UNLISTED) throw new Error(`${zone}: 127.0.0.1 must never be listed (RFC 5782 §5)`);
      if (e.addr === DNSBL_TEST_LISTED) continue;
      add(dnsblQueryName(e.addr, zone), e.code ?? "127.0.0.2", e.reason ?? `${e.addr} is listed in ${zone}`);
    }
  } else if (mode === "list-the-world") {
    add(join("*", zone), "127.0.0.2", `${zone} has been shut down: stop querying it`);
  } else {
    add(join("*", zone), listing.outsideAddr ?? "198.51.100.80", "parked domain");
  }
  return completeZone({ origin: zone, records }, listing.servers, ttl, ttl);
}

/** The answering side of a list: one authority per answering mode, built on first use. */
export class Dnsbl {
  private readonly authorities = new Map<DnsblMode, Authority>();

  constructor(readonly listing: DnsblListing) {}

  /** The zone data as published in normal mode (what the hierarchy delegates to). */
  get zone(): Zone {
    return dnsblZone(this.listing, "normal");
  }

  /**
   * The reply to a query in a mode, or null when the server stays silent (`down`).
   * SERVFAIL replies carry no data (RFC 1035 §4.1.1: "unable to process this query").
   */
  respond(query: Packet, mode: DnsblMode): AuthorityResult | null {
    if (mode === "down") return null;
    if (mode === "servfail") {
      return {
        response: { type: "response", id: query.id ?? 0, flags: ((query.flags ?? 0) & FLAG_RD) | RCODE.SERVFAIL, questions: query.questions ?? [], answers: [], authorities: [], additionals: [] },
        kind: "servfail", zone: this.listing.zone, wildcard: false,
      };
    }
    let auth = this.authorities.get(mode);
    if (auth === undefined) {
      auth = makeAuthority([dnsblZone(this.listing, mode)], { minimalResponses: true });
      this.authorities.set(mode, auth);
    }
    return answerQuery(auth, query);
  }
}
