/**
 * The stub resolver of a host's C library (glibc's res_send), which an MTA calls
 * for every MX, A and DNSBL lookup. It does not iterate: it sends one recursive
 * query (RD) to the servers of resolv.conf and waits.
 *
 * Its timing is where the famous waits come from. glibc tries the servers in order
 * (each lookup starting one further along with `rotate`); `attempts` rounds over
 * them; the wait for server i is `timeout << i`, divided by the number of servers
 * when i > 0, at least 1 s (send_dg: `seconds = retrans << ns; if (ns > 0) seconds
 * /= nscount`). With the defaults (timeout 5, attempts 2) a lookup whose servers all
 * stay silent fails after 5+5 = 10 s with one server, (5+5)·2 = 20 s with two and
 * (5+3+6)·2 = 28 s with three: the figures in mta-semantics.md §4 emerge from these
 * rules rather than being written in.
 *
 * A reply ends the lookup unless it is SERVFAIL, REFUSED or NOTIMP, on which glibc
 * moves to the next server at once. When every try fails the answer is SERVFAIL
 * (the library's TRY_AGAIN: for a mailer, a temporary failure).
 */
import type { Kernel, TraceBus } from "../engine";
import "./events";
import { canonical } from "./name";
import type { ResolvConf } from "./resolv-conf";
import type { DnsTransport } from "./transport";
import { decodeMessage, rcodeOf, sectionRrs, type RcodeName } from "./wire";
import { encodeQuery } from "./wire-memo";
import type { Rr, RrType } from "./zone";

export interface StubResult {
  rcode: RcodeName;
  answers: Rr[];
  /** Seconds from the call to the result. */
  elapsed: number;
  /** Queries sent. */
  queries: number;
  /** True when no server answered at all. */
  timedOut: boolean;
}

export class StubResolver {
  queriesSent = 0;
  timeouts = 0;
  private nextId = 1;
  private rotation = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: TraceBus,
    private readonly transport: DnsTransport,
    /** Host name, for traces. */
    readonly host: string,
    /** The address queries are sent from. */
    readonly addr: string,
    public conf: ResolvConf,
  ) {}

  /** The wait for server index `ns` of `count` (glibc send_dg). */
  static tryTimeout(conf: ResolvConf, ns: number, count: number): number {
    let seconds = conf.timeout << ns;
    if (ns > 0) seconds = Math.floor(seconds / count);
    return Math.max(1, seconds);
  }

  lookup(name: string, type: RrType, cb: (r: StubResult) => void): void {
    const servers = this.conf.nameservers;
    const qname = canonical(name);
    const start = this.kernel.now;
    const first = this.conf.rotate && servers.length > 0 ? this.rotation++ % servers.length : 0;
    const total = servers.length * this.conf.attempts;
    let queries = 0;
    let answered = false;
    const finish = (rcode: RcodeName, answers: Rr[]): void => {
      const r: StubResult = { rcode, answers, elapsed: this.kernel.now - start, queries, timedOut: !answered };
      if (this.bus.on) {
        this.bus.emit({ t: this.kernel.now, type: "dns.resolved", host: this.host, role: "stub", qname, qtype: type,
          rcode, answers: answers.length, fromCache: false, elapsed: r.elapsed, queries });
      }
      cb(r);
    };
    const attempt = (k: number): void => {
      if (k >= total) {
        finish("SERVFAIL", []);
        return;
      }
      const ns = k % servers.length;
      const server = servers[(first + ns) % servers.length];
      const wait = StubResolver.tryTimeout(this.conf, ns, servers.length);
      const id = this.nextId;
      this.nextId = (this.nextId + 1) & 0xffff || 1;
      const bytes = encodeQuery(id, qname, type, true);
      let settled = false;
      let msg = 0;
      const timer = this.kernel.schedule(wait, () => {
        if (settled) return;
        settled = true;
        this.timeouts++;
        if (this.bus.on) {
          this.bus.emit({ t: this.kernel.now, type: "dns.timeout", host: this.host, role: "stub", to: server, qname, qtype: type, waited: wait, attempt: Math.floor(k / servers.length) + 1, msg });
        }
        attempt(k + 1);
      });
      queries++;
      this.queriesSent++;
      const sent = this.kernel.now;
      msg = this.transport.send(this.addr, server, bytes, (resp) => {
        if (settled) return;
        const reply = decodeMessage(resp);
        if (reply.id !== id) return;
        settled = true;
        answered = true;
        this.kernel.cancel(timer);
        const rcode = rcodeOf(reply);
        if (this.bus.on) {
          this.bus.emit({ t: this.kernel.now, type: "dns.reply", host: this.host, role: "stub", from: server, qname, qtype: type,
            kind: rcode.toLowerCase(), rcode, ns: 0, glue: 0, glueUsed: 0, delegation: "", rtt: this.kernel.now - sent, msg });
        }
        if (rcode === "SERVFAIL" || rcode === "REFUSED" || rcode === "NOTIMP") attempt(k + 1);
        else finish(rcode, sectionRrs(reply.answers));
      });
      if (this.bus.on) {
        this.bus.emit({ t: sent, type: "dns.query", host: this.host, from: this.addr, to: server, server: this.transport.nameOf(server), qname, qtype: type, id, bytes: bytes.length, role: "stub", msg });
      }
    };
    if (servers.length === 0) this.kernel.schedule(0, () => finish("SERVFAIL", []));
    else attempt(0);
  }
}
