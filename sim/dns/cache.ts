/**
 * A resolver's cache: record sets and negative answers, each until its TTL runs out
 * on the kernel clock.
 *
 *  - Positive data is kept per (name, type) for the record set's TTL (RFC 1035 §7.4),
 *    capped like BIND's `max-cache-ttl` (one week).
 *  - Negative answers (RFC 2308): NXDOMAIN is kept per *name* (it holds for every
 *    type), NODATA per (name, type), both for min(SOA TTL, SOA MINIMUM) from the
 *    authority section (§5), capped like BIND's `max-ncache-ttl` (three hours).
 *    Without an SOA a negative answer is not cached at all (§5).
 *  - SERVFAIL may be kept briefly (§7.1, at most 5 min; BIND's `servfail-ttl` 1 s).
 *  - Each entry has a credibility (RFC 2181 §5.4.1): data from an authoritative
 *    answer outranks data found in an additional section, which outranks referral
 *    glue. Less credible data never replaces more credible data that is still live.
 */
import type { Rr, RrType } from "./zone";

export type Trust = "glue" | "additional" | "answer";
const RANK: Readonly<Record<Trust, number>> = { glue: 0, additional: 1, answer: 2 };

export type EntryKind = "positive" | "nxdomain" | "nodata" | "servfail";

export interface CacheEntry {
  kind: EntryKind;
  records: readonly Rr[];
  expires: number;
  trust: Trust;
}

export interface CacheLimits {
  maxTtl: number;
  maxNegativeTtl: number;
}

/** The type under which NXDOMAIN for a name is kept: it answers every type. */
const ANY = "*";

/**
 * Entries are kept per name, then per type (`*` for NXDOMAIN): one hash lookup of the
 * name string as it came, no key strings built on the lookup path (the resolver's
 * hottest code: every cache hit is two gets).
 */
export class DnsCache {
  private readonly entries = new Map<string, Map<string, CacheEntry>>();

  constructor(
    private readonly now: () => number,
    private readonly limits: CacheLimits = { maxTtl: 604800, maxNegativeTtl: 10800 },
  ) {}

  /** The live entry for (name, type), NXDOMAIN for the name included, else undefined. */
  get(name: string, type: RrType): CacheEntry | undefined {
    const byType = this.entries.get(name);
    if (byType === undefined) return undefined;
    return this.live(byType, ANY) ?? this.live(byType, type);
  }

  /** Store a record set (all of one name and type). */
  putRrset(records: readonly Rr[], trust: Trust): void {
    if (records.length === 0) return;
    const ttl = Math.min(...records.map((r) => r.ttl), this.limits.maxTtl);
    this.put(records[0].name, records[0].type, { kind: "positive", records, expires: this.now() + ttl, trust });
  }

  /** Store a negative answer with the TTL RFC 2308 §5 gives it; without an SOA, nothing is stored. */
  putNegative(name: string, type: RrType, kind: "nxdomain" | "nodata", soa: Rr | undefined): void {
    if (soa === undefined || soa.type !== "SOA") return;
    const ttl = Math.min(soa.ttl, soa.data.minimum, this.limits.maxNegativeTtl);
    this.put(name, kind === "nxdomain" ? ANY : type, { kind, records: [soa], expires: this.now() + ttl, trust: "answer" });
  }

  putServfail(name: string, type: RrType, ttl: number): void {
    if (ttl > 0) this.put(name, type, { kind: "servfail", records: [], expires: this.now() + ttl, trust: "answer" });
  }

  /** Every live entry, sorted by key (for the browser's cache view and for tests). */
  dump(): { key: string; entry: CacheEntry }[] {
    const out: { key: string; entry: CacheEntry }[] = [];
    for (const [name, byType] of this.entries) {
      for (const [type, entry] of byType) if (entry.expires > this.now()) out.push({ key: `${name}|${type}`, entry });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  clear(): void {
    this.entries.clear();
  }

  private live(byType: Map<string, CacheEntry>, type: string): CacheEntry | undefined {
    const e = byType.get(type);
    if (e === undefined) return undefined;
    if (e.expires <= this.now()) {
      byType.delete(type);
      return undefined;
    }
    return e;
  }

  private put(name: string, type: string, entry: CacheEntry): void {
    let byType = this.entries.get(name);
    if (byType === undefined) {
      byType = new Map();
      this.entries.set(name, byType);
    }
    const old = this.live(byType, type);
    if (old !== undefined && old.kind === "positive" && RANK[old.trust] > RANK[entry.trust]) return;
    byType.set(type, entry);
  }
}
