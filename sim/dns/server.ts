/**
 * An authoritative name server on the network (BIND's `named` serving its zones).
 *
 * It receives a query datagram, decodes it, answers with authority.ts and sends the
 * encoded response back. Identical questions are answered from a small cache of
 * encoded replies with only the ID patched (RFC 1035 §4.1.1: the ID is the only part
 * that ties a reply to its query), which is how the simulator stays fast when a
 * thousand mailers ask the same MX.
 *
 * Failure modes are plain state that a fault schedule may set while a run goes on:
 *  - `down`: named is not running; queries get no answer, askers time out;
 *  - `refused`: a *lame* server that no longer serves the zone and says REFUSED
 *    (what BIND 9 answers for zones it does not have);
 *  - `nonauth`: a lame server that answers without the AA bit and without data;
 *  - `delay` seconds added before every reply (an overloaded server);
 *  - for a DNSBL server, the list's mode (see dnsbl.ts).
 */
import type { Kernel, TraceBus } from "../engine";
import type { DecodedPacket, Packet } from "dns-packet";
import "./events";
import { answerQuery, makeAuthority, type Authority, type AuthorityResult } from "./authority";
import type { Dnsbl, DnsblMode } from "./dnsbl";
import { canonical } from "./name";
import type { DnsEndpoint, DnsTransport } from "./transport";
import { encodeMessage, FLAG_RD, isAuthoritative, RCODE, rcodeOf, withId } from "./wire";
import type { Zone } from "./zone";

export type ServerMode = "up" | "down" | "refused" | "nonauth";

export interface AuthServerOptions {
  /** Host name, for traces. */
  name: string;
  addr: string;
  zones: readonly Zone[];
  minimalResponses?: boolean;
  /** Serve this DNSBL's zone (in its current mode) instead of / beside `zones`. */
  dnsbl?: Dnsbl;
}

interface Cached {
  bytes: Buffer;
  result: AuthorityResult;
}

export class AuthServer implements DnsEndpoint {
  readonly name: string;
  readonly addr: string;
  /** Queries received, replies sent. */
  queries = 0;
  replies = 0;
  private mode: ServerMode = "up";
  private extraDelay = 0;
  private dnsblMode: DnsblMode = "normal";
  private readonly authority: Authority;
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: TraceBus,
    transport: DnsTransport,
    private readonly options: AuthServerOptions,
  ) {
    this.name = options.name;
    this.addr = options.addr;
    this.authority = makeAuthority(options.zones, { minimalResponses: options.minimalResponses });
    transport.bind(options.addr, this);
  }

  setMode(mode: ServerMode): void {
    this.mode = mode;
    this.cache.clear();
  }

  setDelay(seconds: number): void {
    this.extraDelay = seconds;
  }

  setDnsblMode(mode: DnsblMode): void {
    this.dnsblMode = mode;
    this.cache.clear();
  }

  get state(): { mode: ServerMode; delay: number; dnsblMode: DnsblMode } {
    return { mode: this.mode, delay: this.extraDelay, dnsblMode: this.dnsblMode };
  }

  receive(query: DecodedPacket, from: string, reply: (response: Buffer) => void, msg = 0): Buffer | null {
    this.queries++;
    const q = query.questions?.[0];
    const qname = q === undefined ? "" : canonical(q.name);
    const qtype = q?.type ?? "";
    const silent = this.mode === "down" || (this.options.dnsbl !== undefined && this.dnsblMode === "down" && this.servesList(qname));
    if (silent) {
      if (this.bus.on) this.bus.emit({ t: this.kernel.now, type: "dns.silent", host: this.name, server: this.name, qname, qtype, reason: this.mode === "down" ? "server down" : "DNSBL down", msg });
      return null;
    }
    const key = `${qname}|${qtype}|${(query.flags ?? 0) & FLAG_RD}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const result = this.compute(query, qname);
      hit = { bytes: encodeMessage(result.response), result };
      if (q !== undefined) this.cache.set(key, hit);
    }
    const bytes = withId(hit.bytes, query.id ?? 0);
    const r = hit.result;
    if (this.bus.on) {
      const p = r.response;
      this.bus.emit({
        t: this.kernel.now, type: "dns.answer", host: this.name, server: this.name, to: from, qname, qtype,
        id: query.id ?? 0, bytes: bytes.length, kind: r.kind, rcode: rcodeOf(p), aa: isAuthoritative(p),
        zone: r.zone ?? "", delegation: r.delegation ?? "", answers: p.answers?.length ?? 0,
        authority: p.authorities?.length ?? 0, additional: p.additionals?.length ?? 0, wildcard: r.wildcard, delayed: this.extraDelay, msg,
      });
    }
    this.replies++;
    if (this.extraDelay === 0) return bytes;
    this.kernel.schedule(this.extraDelay, () => reply(bytes));
    return null;
  }

  private servesList(qname: string): boolean {
    const z = this.options.dnsbl?.listing.zone;
    return z !== undefined && (qname === z || qname.endsWith(`.${z}`));
  }

  private compute(query: Packet, qname: string): AuthorityResult {
    // Lame replies: no AA bit, no data.
    const blank = (rcode: number): Packet => ({
      type: "response", id: query.id ?? 0, flags: ((query.flags ?? 0) & FLAG_RD) | rcode,
      questions: query.questions ?? [], answers: [], authorities: [], additionals: [],
    });
    if (this.mode === "refused") return { response: blank(RCODE.REFUSED), kind: "refused", zone: undefined, wildcard: false };
    if (this.mode === "nonauth") return { response: blank(RCODE.NOERROR), kind: "nodata", zone: undefined, wildcard: false };
    if (this.options.dnsbl !== undefined && this.servesList(qname)) {
      return this.options.dnsbl.respond(query, this.dnsblMode) as AuthorityResult;
    }
    return answerQuery(this.authority, query);
  }
}
