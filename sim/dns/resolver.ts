/**
 * A caching, iterative resolver: the site's own `named`, which hosts point their
 * resolv.conf at (RFC 1034 §5.3.3, RFC 1035 §7).
 *
 * To resolve (name, type) it first looks in its cache (cache.ts). On a miss it finds
 * the closest zone whose servers it knows (at worst the root, from its root hints)
 * and asks one of them without recursion. A server answers, or refers it to a zone
 * closer to the name (NS in authority, glue in additional), or says the name or the
 * type does not exist. It follows referrals until it has an answer, caching what it
 * learns on the way, so the next lookup below `jp.` starts at the `jp.` servers.
 *
 * What it believes (RFC 2181 §5.4.1 and BIND's bailiwick rule): a server for zone Z
 * may only tell it about names under Z, so glue and additional records outside Z
 * are ignored. Additional-section addresses (say, of MX exchangers) are cached with
 * low credibility; whether they may answer a later A query is `trustAdditional`:
 * BIND 8, which the tutorial's 2001 sites ran, answered from them (S4: one query
 * for MX and addresses); modern resolvers re-ask. Default: true, as in the tutorial.
 *
 * Timing, approximately BIND 9: each try waits `retryInterval` (800 ms) doubled at
 * each pass over the zone's servers, the whole resolution gives up after
 * `queryTimeout` (BIND's resolver-query-timeout, 10 s) with SERVFAIL, which is then
 * cached for `servfailTtl` (BIND's servfail-ttl, 1 s; RFC 2308 §7.1 allows ≤ 5 min).
 * Identical resolutions in progress are joined, not repeated.
 */
import type { Gauge, Kernel, TraceBus } from "../engine";
import type { DecodedPacket } from "dns-packet";
import "./events";
import { DnsCache, type CacheEntry, type Trust } from "./cache";
import type { NameServer } from "./hierarchy";
import { canonical, isSubdomain, parentName } from "./name";
import type { DnsEndpoint, DnsTransport } from "./transport";
import { decodeMessage, encodeMessage, FLAG_RA, FLAG_RD, isAuthoritative, RCODE, rcodeOf, sectionRrs, type RcodeName } from "./wire";
import { encodeQuery, fillTemplate, templateOf, type WireTemplate } from "./wire-memo";
import { RR_TYPES, type Rr, type RrType } from "./zone";

export interface Resolution {
  rcode: RcodeName;
  /** The answer section: any CNAME chain, then the records of the asked type. */
  answers: Rr[];
  /** True when no query had to be sent. */
  fromCache: boolean;
}

export interface ResolverOptions {
  /** Host name, for traces. */
  name: string;
  /** The address it sends from and, as a recursive server, listens on. */
  addr: string;
  rootHints: readonly NameServer[];
  /** First wait for a reply, seconds (default 0.8). */
  retryInterval?: number;
  /** Passes over a zone's servers before giving up on them (default 4). */
  passes?: number;
  /** Total time for one resolution before SERVFAIL (default 10 s). */
  queryTimeout?: number;
  /** How long SERVFAIL is cached (default 1 s). */
  servfailTtl?: number;
  /** Answer queries from additional-section data (default true, BIND 8 behaviour). */
  trustAdditional?: boolean;
}

export interface ResolverCounters {
  /** Resolutions asked for. */
  lookups: number;
  /** Resolutions answered entirely from the cache. */
  cacheHits: number;
  /** Queries sent to authoritative servers. */
  queriesSent: number;
  timeouts: number;
  servfails: number;
}

type Callback = (r: Resolution) => void;
/** `src`: the cache entry the answers are exactly (aged), when they are. */
type LookupCallback = (r: Resolution, src?: CacheEntry) => void;

/** An encoded reply to one question from one cache entry: only ID and TTLs change. */
interface CachedReply {
  name: string;
  type: string;
  cls: string | undefined;
  flags: number;
  template: WireTemplate;
}

interface Fetch {
  qname: string;
  qtype: RrType;
  start: number;
  deadline: number;
  queries: number;
  depth: number;
  waiters: Callback[];
}

const MAX_CHAIN = 8;
const MAX_DEPTH = 4;
/** Cache entries whose encoded replies are kept (emptied when full). */
const MAX_REPLIES = 4096;

export class Resolver implements DnsEndpoint {
  readonly name: string;
  readonly addr: string;
  readonly cache: DnsCache;
  readonly counters: ResolverCounters = { lookups: 0, cacheHits: 0, queriesSent: 0, timeouts: 0, servfails: 0 };
  private readonly retryInterval: number;
  private readonly passes: number;
  private readonly queryTimeout: number;
  private readonly servfailTtl: number;
  private readonly trustAdditional: boolean;
  private readonly inflight = new Map<string, Fetch>();
  private readonly replies = new Map<CacheEntry, CachedReply>();
  private nextId = 1;

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: TraceBus,
    private readonly transport: DnsTransport,
    private readonly options: ResolverOptions,
  ) {
    this.name = options.name;
    this.addr = options.addr;
    this.cache = new DnsCache(() => kernel.now);
    this.retryInterval = options.retryInterval ?? 0.8;
    this.passes = options.passes ?? 4;
    this.queryTimeout = options.queryTimeout ?? 10;
    this.servfailTtl = options.servfailTtl ?? 1;
    this.trustAdditional = options.trustAdditional ?? true;
    transport.bind(options.addr, this);
  }

  /** What observers read of this resolver (engine/gauge.ts): its counters so far. */
  gauge(): Gauge<ResolverCounters> {
    return { subject: this.name, read: () => ({ ...this.counters }) };
  }

  /** Resolve (name, type); `cb` runs from a kernel event (never synchronously). */
  resolve(name: string, type: RrType, cb: Callback): void {
    this.counters.lookups++;
    this.lookup(canonical(name), type, 0, (r) => this.kernel.schedule(0, () => cb(r)));
  }

  /**
   * As a recursive server: answer a stub's query (RD) with the resolution (RA). A
   * cache hit (and a malformed query) is answered by the return value; otherwise
   * `reply` hears the resolution once the servers asked have answered.
   */
  receive(query: DecodedPacket, _from: string, reply: (response: Buffer) => void): Buffer | null {
    const q = query.questions?.[0];
    const qtype = q?.type as RrType;
    const encode = (rcode: number, answers: Rr[], src?: CacheEntry): Buffer => {
      const flags = ((query.flags ?? 0) & FLAG_RD) | FLAG_RA | rcode;
      return this.encodeReply(query.id ?? 0, flags, query.questions ?? [], answers, src);
    };
    if (q === undefined || !RR_TYPES.includes(qtype)) return encode(q === undefined ? RCODE.FORMERR : RCODE.NOTIMP, []);
    this.counters.lookups++;
    // lookup() answers a hit before it returns: that answer is returned, a later one sent.
    let returned = false;
    let now: Buffer | null = null;
    this.lookup(canonical(q.name), qtype, 0, (r, src) => {
      const bytes = encode(RCODE[r.rcode], r.answers, src);
      if (returned) reply(bytes);
      else now = bytes;
    });
    returned = true;
    return now;
  }

  /**
   * The encoded response. Answers that are exactly one cache entry's records differ from
   * the last reply for the same question only in ID and TTLs, so that reply's bytes are
   * copied and patched (wire-memo.ts) rather than encoded again.
   */
  private encodeReply(id: number, flags: number, questions: NonNullable<DecodedPacket["questions"]>, answers: Rr[], src: CacheEntry | undefined): Buffer {
    const q = questions.length === 1 ? questions[0] : undefined;
    if (src === undefined || q === undefined) return encodeMessage({ type: "response", id, flags, questions, answers });
    const c = this.replies.get(src);
    if (c !== undefined && c.name === q.name && c.type === q.type && c.cls === q.class && c.flags === flags && c.template.ttlAt.length === answers.length) {
      return fillTemplate(c.template, id, answers);
    }
    const bytes = encodeMessage({ type: "response", id, flags, questions, answers });
    const template = templateOf(bytes);
    if (template !== undefined && template.ttlAt.length === answers.length) {
      if (this.replies.size >= MAX_REPLIES) this.replies.clear();
      this.replies.set(src, { name: q.name, type: q.type, cls: q.class, flags, template });
    }
    return bytes;
  }

  private lookup(name: string, type: RrType, depth: number, cb: LookupCallback): void {
    const start = this.kernel.now;
    const done = (r: Resolution, queries: number, src?: CacheEntry): void => {
      if (r.fromCache) this.counters.cacheHits++;
      if (r.rcode === "SERVFAIL") this.counters.servfails++;
      if (this.bus.on) {
        this.bus.emit({ t: this.kernel.now, type: "dns.resolved", host: this.name, role: "resolver", qname: name, qtype: type,
          rcode: r.rcode, answers: r.answers.length, fromCache: r.fromCache, elapsed: this.kernel.now - start, queries });
      }
      cb(r, src);
    };
    const chain: Rr[] = [];
    let n = name;
    for (let i = 0; i <= MAX_CHAIN; i++) {
      const e = this.cache.get(n, type);
      const usable = e !== undefined && (e.trust !== "glue" || e.kind !== "positive") && (e.trust === "answer" || this.trustAdditional);
      if (e !== undefined && usable) {
        if (this.bus.on) {
          this.bus.emit({ t: this.kernel.now, type: "dns.cache", host: this.name, qname: n, qtype: type, hit: true,
            negative: e.kind !== "positive", ttlLeft: e.expires - this.kernel.now });
        }
        const rcode: RcodeName = e.kind === "nxdomain" ? "NXDOMAIN" : e.kind === "servfail" ? "SERVFAIL" : "NOERROR";
        done({ rcode, answers: e.kind === "positive" ? [...chain, ...this.aged(e.records, e.expires)] : chain, fromCache: true }, 0, chain.length === 0 ? e : undefined);
        return;
      }
      const c = type === "CNAME" ? undefined : this.cache.get(n, "CNAME");
      if (c === undefined || c.kind !== "positive" || c.trust !== "answer") break;
      chain.push(...this.aged(c.records, c.expires));
      n = c.records[0].data as string;
    }
    if (this.bus.on) {
      this.bus.emit({ t: this.kernel.now, type: "dns.cache", host: this.name, qname: n, qtype: type, hit: false, negative: false, ttlLeft: 0 });
    }
    this.fetch(n, type, depth, (r, queries) => done({ rcode: r.rcode, answers: [...chain, ...r.answers], fromCache: false }, queries));
  }

  /** Records with their TTL counted down to what is left in the cache. */
  private aged(records: readonly Rr[], expires: number): Rr[] {
    const left = Math.max(0, Math.floor(expires - this.kernel.now));
    return records.map((r) => ({ ...r, ttl: Math.min(r.ttl, left) }));
  }

  private fetch(qname: string, qtype: RrType, depth: number, cb: (r: Resolution, queries: number) => void): void {
    const key = `${qname}|${qtype}`;
    const running = this.inflight.get(key);
    const waiter: Callback = (r) => cb(r, running === undefined ? f.queries : 0);
    if (running !== undefined) {
      running.waiters.push(waiter);
      return;
    }
    const f: Fetch = { qname, qtype, start: this.kernel.now, deadline: this.kernel.now + this.queryTimeout, queries: 0, depth, waiters: [waiter] };
    this.inflight.set(key, f);
    this.step(f);
  }

  private finish(f: Fetch, r: Resolution): void {
    this.inflight.delete(`${f.qname}|${f.qtype}`);
    if (r.rcode === "SERVFAIL") this.cache.putServfail(f.qname, f.qtype, this.servfailTtl);
    for (const w of f.waiters) w(r);
  }

  /** The closest zone whose servers we can reach: cached NS with addresses, else the root hints. */
  private closestServers(qname: string): { zone: string; servers: NameServer[]; unresolved: string[] } {
    for (let z: string | undefined = qname; z !== undefined; z = parentName(z)) {
      const ns = this.cache.get(z, "NS");
      if (ns === undefined || ns.kind !== "positive") continue;
      const servers: NameServer[] = [];
      const unresolved: string[] = [];
      for (const r of ns.records) {
        const host = r.data as string;
        const a = this.cache.get(host, "A");
        if (a !== undefined && a.kind === "positive") for (const ar of a.records) servers.push({ name: host, addr: ar.data as string });
        else unresolved.push(host);
      }
      if (servers.length > 0 || z === "") return { zone: z, servers, unresolved };
      // Servers named outside their own zone, without glue: find their addresses first.
      if (unresolved.length > 0) return { zone: z, servers, unresolved };
    }
    return { zone: "", servers: [...this.options.rootHints], unresolved: [] };
  }

  private step(f: Fetch): void {
    const { zone, servers, unresolved } = this.closestServers(f.qname);
    if (servers.length === 0) {
      if (unresolved.length === 0 || f.depth >= MAX_DEPTH) {
        this.finish(f, { rcode: "SERVFAIL", answers: [], fromCache: false });
        return;
      }
      this.lookup(unresolved[0], "A", f.depth + 1, (r) => {
        if (r.rcode === "NOERROR" && r.answers.some((a) => a.type === "A")) this.step(f);
        else this.finish(f, { rcode: "SERVFAIL", answers: [], fromCache: false });
      });
      return;
    }
    this.tryServer(f, zone, servers, 0);
  }

  /** Try number `k` over the zone's servers: server k mod n, waiting retryInterval·2^(pass). */
  private tryServer(f: Fetch, zone: string, servers: NameServer[], k: number): void {
    const pass = Math.floor(k / servers.length);
    const now = this.kernel.now;
    if (pass >= this.passes || now >= f.deadline) {
      this.finish(f, { rcode: "SERVFAIL", answers: [], fromCache: false });
      return;
    }
    const server = servers[k % servers.length];
    const wait = Math.min(this.retryInterval * 2 ** pass, f.deadline - now);
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xffff || 1;
    const bytes = encodeQuery(id, f.qname, f.qtype, false);
    let settled = false;
    let msg = 0;
    const timer = this.kernel.schedule(wait, () => {
      if (settled) return;
      settled = true;
      this.counters.timeouts++;
      if (this.bus.on) {
        this.bus.emit({ t: this.kernel.now, type: "dns.timeout", host: this.name, role: "resolver", to: server.name, qname: f.qname, qtype: f.qtype, waited: wait, attempt: pass + 1, msg });
      }
      this.tryServer(f, zone, servers, k + 1);
    });
    this.counters.queriesSent++;
    f.queries++;
    msg = this.transport.send(this.addr, server.addr, bytes, (resp) => {
      if (settled) return; // a late reply: that try was already given up
      const reply = decodeMessage(resp);
      if (reply.id !== id) return;
      settled = true;
      this.kernel.cancel(timer);
      const next = this.digest(f, zone, server, reply, now, msg);
      if (next === "next-server") this.tryServer(f, zone, servers, k + 1);
    });
    if (this.bus.on) {
      this.bus.emit({ t: now, type: "dns.query", host: this.name, from: this.addr, to: server.addr, server: server.name, qname: f.qname, qtype: f.qtype, id, bytes: bytes.length, role: "resolver", msg });
    }
  }

  /** Read one reply: finish, follow a referral, or say to try the next server. */
  private digest(f: Fetch, zone: string, server: NameServer, msg: DecodedPacket, sent: number, exchange: number): "done" | "next-server" {
    const rcode = rcodeOf(msg);
    const aa = isAuthoritative(msg);
    const answers = sectionRrs(msg.answers).filter((r) => isSubdomain(r.name, zone));
    const authority = sectionRrs(msg.authorities).filter((r) => isSubdomain(r.name, zone));
    const additional = sectionRrs(msg.additionals);
    const inBailiwick = additional.filter((r) => isSubdomain(r.name, zone) && (r.type === "A" || r.type === "AAAA"));
    const nsRecords = authority.filter((r) => r.type === "NS");
    const cut = nsRecords[0]?.name;
    const referral = !aa && rcode === "NOERROR" && answers.length === 0 && cut !== undefined && cut !== zone && isSubdomain(f.qname, cut);
    const kind = rcode !== "NOERROR" && rcode !== "NXDOMAIN" ? rcode.toLowerCase()
      : referral ? "referral" : !aa ? "lame" : rcode === "NXDOMAIN" ? "nxdomain" : answers.length === 0 ? "nodata" : "answer";
    if (this.bus.on) {
      this.bus.emit({ t: this.kernel.now, type: "dns.reply", host: this.name, role: "resolver", from: server.name, qname: f.qname, qtype: f.qtype,
        kind, rcode, ns: nsRecords.length, glue: additional.length, glueUsed: referral ? inBailiwick.length : 0, delegation: referral ? cut : "", rtt: this.kernel.now - sent, msg: exchange });
    }
    if (kind === "referral") {
      this.cacheSets(nsRecords, "glue");
      this.cacheSets(inBailiwick, "glue");
      this.step(f);
      return "done";
    }
    if (kind !== "answer" && kind !== "nodata" && kind !== "nxdomain") return "next-server";

    this.cacheSets(answers, "answer");
    this.cacheSets(inBailiwick, "additional");
    // Walk the CNAME chain inside the answer.
    const out: Rr[] = [];
    let n = f.qname;
    for (let i = 0; i <= MAX_CHAIN; i++) {
      const data = answers.filter((r) => r.name === n && r.type === f.qtype);
      if (data.length > 0) {
        out.push(...data);
        this.finish(f, { rcode: "NOERROR", answers: out, fromCache: false });
        return "done";
      }
      const c = f.qtype === "CNAME" ? undefined : answers.find((r) => r.name === n && r.type === "CNAME");
      if (c === undefined) break;
      out.push(c);
      n = c.data as string;
    }
    const soa = authority.find((r) => r.type === "SOA");
    // Final when the name is gone, nothing was followed, or the server vouched the end of
    // the chain away with its SOA (NODATA at the target); otherwise the chain left its data.
    if (kind === "nxdomain" || n === f.qname || soa !== undefined) {
      this.cache.putNegative(n, f.qtype, kind === "nxdomain" ? "nxdomain" : "nodata", soa);
      this.finish(f, { rcode: kind === "nxdomain" ? "NXDOMAIN" : "NOERROR", answers: out, fromCache: false });
      return "done";
    }
    // The chain leaves this server's data: resolve the target, then prepend the chain.
    if (f.depth >= MAX_DEPTH) {
      this.finish(f, { rcode: "SERVFAIL", answers: out, fromCache: false });
      return "done";
    }
    this.lookup(n, f.qtype, f.depth + 1, (r) => this.finish(f, { rcode: r.rcode, answers: [...out, ...r.answers], fromCache: false }));
    return "done";
  }

  /** Cache records grouped into sets by (name, type), in first-seen order. */
  private cacheSets(records: readonly Rr[], trust: Trust): void {
    const sets = new Map<string, Rr[]>();
    for (const r of records) {
      const key = `${r.name}|${r.type}`;
      const s = sets.get(key);
      if (s === undefined) sets.set(key, [r]);
      else s.push(r);
    }
    for (const s of sets.values()) this.cache.putRrset(s, trust);
  }
}
