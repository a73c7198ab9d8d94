/**
 * LDAP routing (tutorial S22; sendmail FEATURE(`ldap_routing') with
 * LDAPROUTE_DOMAIN, the "mailHost" attribute of RFC draft-lachman-laser-ldap-mail-routing):
 * a directory server holds, for each user, the mailbox server that keeps that
 * user's mail, so one domain can be spread over several mailbox servers. A relay
 * asks the directory for every recipient in a routed domain and sends the mail to
 * the mailHost it names.
 *
 * The directory is a host on the network. A lookup is one request datagram and
 * one response (an LDAP search over an established connection: ~120 bytes out,
 * ~250 back), each paying the path's latency, plus the server's own search time.
 * The relay knows its directory servers in order — the master, then a shadow
 * replica (slurpd / syncrepl) — and moves to the next when one does not answer
 * within the timeout (OpenLDAP's ldap_set_option NETWORK_TIMEOUT; sendmail's
 * ldap map `-d` and timeout options). When none answers, the lookup fails
 * temporarily and the mail waits in the queue: 451 4.4.3 "directory server
 * failure" (RFC 3463 X.4.3). A user the directory does not know is routed by the
 * ordinary chain (sendmail's default `passthru` for a missing mailHost).
 */
import type { Kernel, TraceBus } from "../engine";
import type { Network } from "../net";
import { reply, type Reply } from "../smtp";
import type { Route } from "./routing-chain";

declare module "../engine/trace" {
  interface TraceEventMap {
    /** A directory lookup: which server answered (or none), and the mailHost found. */
    "ldap.lookup": { rcpt: string; server: string; result: string; tried: string[]; elapsed: number };
  }
}

export const LDAP_PORT = 389;
const REQUEST_BYTES = 120;
const RESPONSE_BYTES = 250;

export const DIRECTORY_FAILURE: Reply = reply(451, "4.4.3", "Directory server failure: no LDAP server answered", true);

/** A directory server's data: user (local part, lower case) -> mailHost. */
export class DirectoryServer {
  queries = 0;
  constructor(
    readonly host: string,
    readonly entries: ReadonlyMap<string, string>,
    /** Seconds a search takes on the server. */
    readonly searchTime = 0.001,
  ) {}
}

export interface DirectoryRouting {
  /** Domains whose recipients are routed by the directory (LDAPROUTE_DOMAIN). */
  readonly domains: readonly string[];
  /** Directory servers in order: master first, then replicas. */
  readonly servers: readonly DirectoryServer[];
  /** Seconds to wait for one server. */
  readonly timeout: number;
}

/** Looks recipients up; `routes` answers with a route for each recipient the directory decided. */
export class DirectoryRouter {
  constructor(
    private readonly env: { kernel: Kernel; net: Network; bus: TraceBus },
    /** The relay's host name (where requests come from). */
    private readonly client: string,
    readonly cfg: DirectoryRouting,
  ) {
    // With no server a lookup would fail at once, inside the call that asked.
    if (cfg.servers.length === 0) throw new Error(`ldap routing on ${client}: no directory server`);
  }

  private routed(rcpt: string): boolean {
    const d = rcpt.slice(rcpt.lastIndexOf("@") + 1).toLowerCase();
    return this.cfg.domains.includes(d);
  }

  /** One lookup over the servers in order: `done` hears the mailHost, null (no entry), or "fail", from a kernel event. */
  lookup(rcpt: string, done: (r: string | null | "fail") => void): void {
    const { kernel, net, bus } = this.env;
    const user = rcpt.slice(0, rcpt.lastIndexOf("@")).toLowerCase();
    const t0 = kernel.now;
    const tried: string[] = [];
    const report = (server: string, result: string): void => {
      if (bus.on) bus.emit({ t: kernel.now, type: "ldap.lookup", host: this.client, rcpt, server, result, tried: tried.slice(), elapsed: kernel.now - t0 });
    };
    const ask = (i: number): void => {
      if (i === this.cfg.servers.length) {
        report("", "fail");
        return done("fail");
      }
      const s = this.cfg.servers[i];
      tried.push(s.host);
      // This attempt is over when the answer comes or the timeout fires, whichever is first.
      let over = false;
      const timer = kernel.schedule(this.cfg.timeout, () => {
        if (over) return;
        over = true;
        ask(i + 1);
      });
      net.sendDatagram(this.client, s.host, REQUEST_BYTES, LDAP_PORT, () => {
        if (!net.host(s.host).up) return; // a dead server stays silent
        s.queries++;
        kernel.schedule(s.searchTime, () =>
          net.sendDatagram(s.host, this.client, RESPONSE_BYTES, LDAP_PORT, () => {
            if (over) return;
            over = true;
            kernel.cancel(timer);
            const mailHost = s.entries.get(user) ?? null;
            report(s.host, mailHost ?? "no entry");
            done(mailHost);
          }),
        );
      });
    };
    ask(0);
  }

  /**
   * Routes for the recipients in routed domains (the others are left to the routing
   * chain). With none in a routed domain there is nothing to ask: the (empty) routes
   * are returned at once and `done` is not called; else this returns null and
   * `done` hears them from the last directory answer.
   */
  routes(rcpts: readonly string[], done: (found: ReadonlyMap<string, Route>) => void): ReadonlyMap<string, Route> | null {
    const found = new Map<string, Route>();
    const todo = rcpts.filter((r) => this.routed(r));
    if (todo.length === 0) return found;
    const next = (i: number): void => {
      if (i === todo.length) return done(found);
      const rcpt = todo[i];
      this.lookup(rcpt, (r) => {
        if (r === "fail") found.set(rcpt, { kind: "error", step: "ldap", reply: DIRECTORY_FAILURE, why: `LDAP routing: no directory server answered for ${rcpt}` });
        else if (r !== null) found.set(rcpt, { kind: "relay", step: "ldap", hosts: [{ host: r, mxLookup: false }], why: `LDAP routing: mailHost of ${rcpt} is ${r}` });
        next(i + 1);
      });
    };
    next(0);
    return null;
  }
}
