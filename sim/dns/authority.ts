/**
 * How an authoritative name server answers a query: a pure function from the zones it
 * serves and a decoded query to a decoded response. This is RFC 1034 §4.3.2's
 * algorithm, with RFC 4592's wildcard rules and RFC 2308's negative answers:
 *
 *  1. Find the zone nearest to the query name among those served. None: REFUSED
 *     (the server is not authoritative and does not recurse).
 *  2. Walk down from the zone apex. Crossing a delegation point (NS below the apex)
 *     means the data belongs to a child zone: a *referral*, AA clear, the child's NS
 *     set in the authority section and their addresses (glue) in the additional.
 *  3. The name exists: a CNAME (for any other type) is answered and followed within
 *     the server's own data; the record set of the asked type is the answer; else
 *     NODATA: NOERROR with no answer and the SOA in the authority section.
 *  4. The name does not exist: a wildcard `*.<closest encloser>` synthesises records
 *     with the query name as owner; a wildcard never matches a name that exists, and
 *     an empty non-terminal exists (RFC 4592 §2.2.2, §4.1). No wildcard: NXDOMAIN
 *     with the SOA.
 *  5. Negative answers carry the SOA with TTL min(SOA TTL, MINIMUM) so that resolvers
 *     can cache them (RFC 2308 §3).
 *  6. Additional-section processing (RFC 1035 §3.3.9, §3.3.11): addresses of MX
 *     exchangers and NS targets the server knows, so a mailer gets the MX and the
 *     exchangers' addresses in one reply (the tutorial's point S4). BIND's
 *     `minimal-responses yes` leaves them out; a referral keeps its glue regardless,
 *     as without it the delegation cannot be followed.
 */
import type { Packet } from "dns-packet";
import { canonical, isSubdomain, parentName } from "./name";
import { targetsOf } from "./rdata";
import { indexZone, rrset, type IndexedZone, type Rr, type RrType, type Zone } from "./zone";
import { FLAG_AA, FLAG_RD, RCODE, type RcodeName } from "./wire";

export interface AuthorityOptions {
  /** BIND's `minimal-responses`: no additional-section data except referral glue. */
  minimalResponses?: boolean;
}

/** The data of one authoritative server: its zones, indexed, nearest-first by depth. */
export interface Authority {
  readonly zones: readonly IndexedZone[];
  readonly minimalResponses: boolean;
}

export function makeAuthority(zones: readonly Zone[], options: AuthorityOptions = {}): Authority {
  const indexed = zones.map(indexZone).sort((a, b) => b.origin.length - a.origin.length);
  return { zones: indexed, minimalResponses: options.minimalResponses ?? false };
}

/** Which kind of reply this is, for traces and explanations. */
export type AnswerKind = "answer" | "nodata" | "nxdomain" | "referral" | "refused" | "servfail" | "formerr";

export interface AuthorityResult {
  response: Packet;
  kind: AnswerKind;
  /** The zone that answered (the referring zone for a referral), if any. */
  zone: string | undefined;
  /** For a referral, the delegated child zone. */
  delegation?: string;
  /** True when a wildcard synthesised (part of) the answer. */
  wildcard: boolean;
}

/** Longest CNAME chain followed inside one server (BIND follows up to 16; 8 is plenty here). */
const MAX_CHAIN = 8;

export function findZone(auth: Authority, name: string): IndexedZone | undefined {
  for (const z of auth.zones) if (isSubdomain(name, z.origin)) return z;
  return undefined;
}

/** The highest delegation point between the apex (exclusive) and `name` (inclusive), if any. */
function findCut(z: IndexedZone, name: string): string | undefined {
  if (z.cuts.size === 0) return undefined;
  let found: string | undefined;
  for (let n: string | undefined = name; n !== undefined && n !== z.origin; n = parentName(n)) {
    if (z.cuts.has(n)) found = n;
  }
  return found;
}

/** The SOA for a negative answer, its TTL lowered to MINIMUM (RFC 2308 §3). */
function negativeSoa(z: IndexedZone): Rr[] {
  const soa = z.soa;
  if (soa === undefined) return [];
  return [{ ...soa, ttl: Math.min(soa.ttl, soa.data.minimum) }];
}

/** A and AAAA records the server holds for `host` (authoritative data or glue). */
function addressesOf(auth: Authority, host: string): Rr[] {
  const z = findZone(auth, host);
  if (z === undefined) return [];
  return [...rrset(z, host, "A"), ...rrset(z, host, "AAAA")];
}

function additionalFor(auth: Authority, records: readonly Rr[], skip: readonly Rr[]): Rr[] {
  const out: Rr[] = [];
  const seen = new Set<string>();
  for (const r of skip) if (r.type === "A" || r.type === "AAAA") seen.add(r.name);
  for (const rr of records) {
    for (const host of targetsOf(rr.type, rr.data)) {
      if (seen.has(host)) continue;
      seen.add(host);
      out.push(...addressesOf(auth, host));
    }
  }
  return out;
}

export function answerQuery(auth: Authority, query: Packet): AuthorityResult {
  const q = query.questions ?? [];
  const rd = (query.flags ?? 0) & FLAG_RD;
  const reply = (rcode: RcodeName, aa: boolean, answers: Rr[], authorities: Rr[], additionals: Rr[]): Packet => ({
    type: "response",
    id: query.id ?? 0,
    flags: (aa ? FLAG_AA : 0) | rd | RCODE[rcode],
    questions: q,
    answers,
    authorities,
    additionals,
  });
  if (q.length !== 1) {
    return { response: reply("FORMERR", false, [], [], []), kind: "formerr", zone: undefined, wildcard: false };
  }
  const qtype = q[0].type as RrType;
  let name = canonical(q[0].name);
  const first = findZone(auth, name);
  if (first === undefined) {
    return { response: reply("REFUSED", false, [], [], []), kind: "refused", zone: undefined, wildcard: false };
  }

  const answers: Rr[] = [];
  const visited = new Set<string>();
  let wildcard = false;
  for (let chain = 0; ; chain++) {
    const z = findZone(auth, name);
    // A CNAME that leads out of the server's data, or around in a loop, ends the answer here;
    // the resolver follows the rest (RFC 1034 §4.3.2 step 3a).
    if (z === undefined || visited.has(name) || chain > MAX_CHAIN) {
      return finish("answer", first.origin, []);
    }
    visited.add(name);
    const cut = findCut(z, name);
    if (cut !== undefined) {
      if (answers.length > 0) return finish("answer", first.origin, []);
      const ns = [...rrset(z, cut, "NS")];
      const glue = additionalFor(auth, ns, []);
      return { response: reply("NOERROR", false, [], ns, glue), kind: "referral", zone: z.origin, delegation: cut, wildcard: false };
    }
    let sets = z.sets.get(name);
    let owner = name;
    if (!z.exists.has(name)) {
      let ce = parentName(name) as string;
      while (!z.exists.has(ce)) ce = parentName(ce) as string;
      const source = ce === "" ? "*" : `*.${ce}`;
      sets = z.sets.get(source);
      if (sets === undefined) {
        return { response: reply("NXDOMAIN", true, answers, negativeSoa(z), []), kind: "nxdomain", zone: z.origin, wildcard };
      }
      wildcard = true;
      owner = source;
    }
    const synth = (rs: readonly Rr[]): Rr[] => (owner === name ? [...rs] : rs.map((r) => ({ ...r, name })));
    const cname = sets?.get("CNAME");
    if (cname !== undefined && qtype !== "CNAME") {
      answers.push(...synth(cname));
      name = (cname[0].data as string);
      continue;
    }
    const rs = sets?.get(qtype);
    if (rs === undefined || rs.length === 0) {
      return { response: reply("NOERROR", true, answers, negativeSoa(z), []), kind: "nodata", zone: z.origin, wildcard };
    }
    answers.push(...synth(rs));
    return finish("answer", z.origin, []);
  }

  function finish(kind: AnswerKind, zone: string, authorities: Rr[]): AuthorityResult {
    const additionals = auth.minimalResponses ? [] : additionalFor(auth, answers, answers);
    return { response: reply("NOERROR", true, answers, authorities, additionals), kind, zone, wildcard };
  }
}
