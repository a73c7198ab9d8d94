/**
 * MX selection: from DNS answers to an ordered list of addresses to try (RFC 5321 §5.1).
 *
 * Pure: the caller (the queue manager, after asking its resolver) passes the MX answer
 * for the domain and a function giving the address answer for a name; the result is
 * the candidate list with the reason, or a failure reply. The rules, in order:
 *
 *  1. A temporary DNS failure is not an answer: the message is deferred, status 4.4.3
 *     (RFC 5321 §5.1 "MUST queue and retry"; Postfix, qmail temp_dns, sendmail EX_TEMPFAIL).
 *     A domain that does not exist (NXDOMAIN) fails for good, 5.1.2 (sendmail "Host unknown").
 *  2. No MX records at all (NODATA) → the *implicit MX*: the domain itself, preference 0,
 *     with its A records. No MX and no A is an error (tutorial S15; RFC 5321 §5.1).
 *  3. `MX 0 .` alone is a *null MX* (RFC 7505): the domain accepts no mail → 556 5.1.10,
 *     never retried. (Postfix reports 5.1.0; the profile may override the reply.)
 *  4. Sort by preference, lowest first. Equal preferences "MUST randomize" (§5.1; S12):
 *     Postfix, qmail and Exim shuffle; sendmail orders ties by mxrand(host), a hash of the
 *     host name that is random per process but repeatable within it (domain.c), so
 *     connection caching keeps seeing the same order.
 *  5. If this host is itself one of the MX hosts, drop every MX at or above its own
 *     preference (§5.1 "MUST"): otherwise the 2nd MX would hand mail back and forth with
 *     the 1st. If we are the best MX, nothing is left: the mail loops back to us, 5.4.6
 *     (Postfix smtp_addr.c; sendmail 553 5.3.5 "mail loops back to me (MX problem?)").
 *     If better MX exist but none has an address: defer, 4.4.4 "unable to find primary relay".
 *  6. Each MX host name is resolved to its addresses, tried in resolver order. An MX
 *     must name a host with an address record, not an alias (RFC 2181 §10.3; tutorial S5:
 *     old sendmail chased the CNAME, DontExpandCnames=False). `cnameInMx: "follow"` uses
 *     the alias's target addresses as sendmail/Postfix/Exim do; `"skip"` treats that MX as
 *     having no address, strictly by the RFC.
 *  7. No address for any MX: defer (4.4.3) if some lookup failed temporarily, else bounce
 *     5.4.4 (Postfix default smtp_defer_if_no_mx_address_found = no).
 *  8. Keep at most `maxAddresses` (Postfix smtp_mx_address_limit 5, Exim hosts_max_try 5).
 *
 * The FallbackMX (sendmail FallbackMXhost, Postfix smtp_fallback_relay) is not on this
 * list: the delivery agent (delivery-agent.ts, tryFallback) sends it what every
 * candidate here refused for now, or what DNS could not route for now, once per attempt.
 */
import { type Stream } from "../engine";
import { normalizeDomain, type Reply, replyFor } from "../smtp";

export interface MxRecord {
  readonly preference: number;
  /** Exchange host name; "." (or "") is the null MX target. */
  readonly exchange: string;
}

export type MxAnswer =
  | { readonly kind: "mx"; readonly records: readonly MxRecord[] }
  /** The name exists but has no MX records. */
  | { readonly kind: "nodata" }
  | { readonly kind: "nxdomain" }
  /** SERVFAIL or timeout: temporary. */
  | { readonly kind: "tempfail" };

export type AddressAnswer =
  | { readonly kind: "a"; readonly addrs: readonly string[] }
  /** The name is an alias for `target`, whose addresses are `addrs`. */
  | { readonly kind: "cname"; readonly target: string; readonly addrs: readonly string[] }
  | { readonly kind: "nodata" }
  | { readonly kind: "nxdomain" }
  | { readonly kind: "tempfail" };

export interface MxOptions {
  /** "shuffle" (Postfix, qmail, Exim) needs `stream`; "hash" (sendmail mxrand) uses `hashSeed`. */
  readonly equalPreference: "shuffle" | "hash";
  readonly stream?: Stream;
  readonly hashSeed?: number;
  readonly cnameInMx: "follow" | "skip";
  readonly maxAddresses: number;
  /** This host's names and addresses, to cut the list at its own preference. */
  readonly self?: { readonly names: readonly string[]; readonly addresses: readonly string[] };
  /** Reply for a null MX; default 556 5.1.10 (RFC 7505). */
  readonly nullMxReply?: Reply;
}

export interface MxCandidate {
  readonly host: string;
  readonly preference: number;
  readonly address: string;
  /** Set when the MX named an alias that was followed to this target. */
  readonly via?: string;
}

export type MxPlan =
  | { readonly kind: "deliver"; readonly candidates: readonly MxCandidate[]; readonly implicit: boolean; readonly notes: readonly string[] }
  | { readonly kind: "fail"; readonly reply: Reply; readonly notes: readonly string[] };

const norm = normalizeDomain;

/** 32-bit FNV-1a of the seed and the host name: sendmail's "random but repeatable" tie order. */
export function mxHash(host: string, seed: number): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const s = norm(host);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Records sorted by preference, ties ordered per `opts.equalPreference`, duplicates removed. */
export function orderMx(records: readonly MxRecord[], opts: Pick<MxOptions, "equalPreference" | "stream" | "hashSeed">): MxRecord[] {
  let ordered: MxRecord[];
  if (opts.equalPreference === "shuffle") {
    if (opts.stream === undefined) throw new Error("MX shuffle needs a random stream");
    // Postfix smtp_addr.c: shuffle, then a stable sort by preference.
    ordered = opts.stream.shuffle(records).sort((a, b) => a.preference - b.preference);
  } else {
    const seed = opts.hashSeed ?? 0;
    ordered = records.slice().sort((a, b) => a.preference - b.preference || mxHash(a.exchange, seed) - mxHash(b.exchange, seed));
  }
  const seen = new Set<string>();
  return ordered.filter((r) => {
    const k = norm(r.exchange);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const fail = (reply: Reply, notes: string[]): MxPlan => ({ kind: "fail", reply, notes });

/** The ordered candidates for delivering to `domain` (see the rules above). */
export function selectMx(domain: string, mx: MxAnswer, lookup: (name: string) => AddressAnswer, opts: MxOptions): MxPlan {
  const notes: string[] = [];
  const d = norm(domain);
  if (mx.kind === "tempfail") return fail(replyFor("dnsFailure", { domain: d }), [`MX lookup for ${d} failed temporarily`]);
  if (mx.kind === "nxdomain") return fail(replyFor("hostUnknown", { domain: d }), [`${d} does not exist (NXDOMAIN)`]);

  let records: MxRecord[];
  const implicit = mx.kind === "nodata";
  if (implicit) {
    records = [{ preference: 0, exchange: d }];
    notes.push(`${d} has no MX records: implicit MX, the domain's own address records (RFC 5321 §5.1)`);
  } else {
    const isNull = (r: MxRecord): boolean => norm(r.exchange) === "";
    if (mx.records.length === 1 && isNull(mx.records[0])) {
      return fail(opts.nullMxReply ?? replyFor("nullMx"), [`${d} publishes a null MX (RFC 7505): it accepts no mail`]);
    }
    records = mx.records.filter((r) => !isNull(r));
    if (records.length < mx.records.length) notes.push(`ignored "MX ." mixed with other MX records (RFC 7505 §3 forbids the mix)`);
    if (records.length === 0) return fail(replyFor("unroutable", { domain: d }), [`${d} has an empty MX set`]);
  }

  const ordered = orderMx(records, opts);
  notes.push(`MX order: ${ordered.map((r) => `${r.preference} ${norm(r.exchange)}`).join(", ")}`);

  // Rule 5: cut at our own preference.
  const selfNames = new Set((opts.self?.names ?? []).map(norm));
  const selfAddrs = new Set(opts.self?.addresses ?? []);
  const answers = new Map<string, AddressAnswer>();
  const answerOf = (name: string): AddressAnswer => {
    const k = norm(name);
    let a = answers.get(k);
    if (a === undefined) {
      a = lookup(k);
      answers.set(k, a);
    }
    return a;
  };
  const isSelf = (r: MxRecord): boolean => {
    if (selfNames.has(norm(r.exchange))) return true;
    if (selfAddrs.size === 0) return false;
    const a = answerOf(r.exchange);
    return (a.kind === "a" || a.kind === "cname") && a.addrs.some((x) => selfAddrs.has(x));
  };
  let usable = ordered;
  let cut = false;
  const selfRecord = ordered.find(isSelf);
  if (selfRecord !== undefined) {
    cut = true;
    usable = ordered.filter((r) => r.preference < selfRecord.preference);
    notes.push(`this host is MX ${selfRecord.preference} for ${d}: only more-preferred MX are tried`);
    if (usable.length === 0) return fail(replyFor("routingLoop", { domain: d }), notes);
  }

  // Rule 6: addresses in resolver order.
  const candidates: MxCandidate[] = [];
  let temp = false;
  for (const r of usable) {
    const host = norm(r.exchange);
    const a = answerOf(host);
    switch (a.kind) {
      case "a":
        for (const address of a.addrs) candidates.push({ host, preference: r.preference, address });
        break;
      case "cname":
        if (opts.cnameInMx === "follow") {
          notes.push(`MX ${host} is an alias for ${norm(a.target)} (RFC 2181 §10.3); followed`);
          for (const address of a.addrs) candidates.push({ host, preference: r.preference, address, via: norm(a.target) });
        } else notes.push(`MX ${host} is an alias for ${norm(a.target)}; skipped (RFC 2181 §10.3: MX must not point to a CNAME)`);
        break;
      case "tempfail":
        temp = true;
        notes.push(`address lookup for ${host} failed temporarily`);
        break;
      default:
        notes.push(`${host} has no address (${a.kind})`);
    }
  }
  if (candidates.length === 0) {
    if (cut) return fail(replyFor("noPrimaryRelay", { domain: d }), notes);
    if (temp) return fail(replyFor("dnsFailure", { domain: d }), notes);
    if (implicit) return fail(replyFor("unroutable", { domain: d }), [...notes, "no MX and no address record"]);
    return fail(replyFor("noMxAddress", { host: norm(usable[0].exchange) }), notes);
  }
  if (candidates.length > opts.maxAddresses) {
    notes.push(`address list cut from ${candidates.length} to ${opts.maxAddresses}`);
    candidates.length = opts.maxAddresses;
  }
  return { kind: "deliver", candidates, implicit, notes };
}
