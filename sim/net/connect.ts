/**
 * TCP connection setup: the three-way handshake, reduced to its timing.
 *
 * `connect` sends a SYN along the route; if it reaches a listening port the
 * SYN-ACK comes back along the reverse route and the connection is up after one
 * round trip (RFC 793 §3.4; the final ACK travels with the first data). What can
 * go wrong, and when the caller learns of it:
 *
 *  - the port is closed: the destination answers with RST, so the caller learns
 *    "refused" after one round trip (RFC 793 §3.4, "reset generation");
 *  - the SYN is lost (destination host down, a link of the path down by the time
 *    it gets there, or a firewall that drops): nothing comes back; BSD-derived
 *    stacks retransmit the SYN and give up after 75 s (the `tcp_keepinit`
 *    connection-establishment timer, Stevens, *TCP/IP Illustrated* vol. 2 §25.6),
 *    so the caller learns "timeout" after `timeout` seconds;
 *  - a firewall rejects: it answers in place of the destination (RST or ICMP
 *    administratively prohibited, RFC 1812 §5.2.7.1), so the caller learns
 *    "filtered" after a round trip *to the firewall* — a distinct reason, so the
 *    MTA layer can tell a policy block from a closed port;
 *  - there is no route at all, or the source itself is down: "unreachable" /
 *    "host-down" at once.
 *
 * Replies belonging to the connection (SYN-ACK, RST) are not filtered, as a
 * screening router's "established" rule lets them through. Whether the port is
 * listening and the destination is up are judged when the SYN arrives.
 */
import type { Kernel, TraceBus } from "../engine";
import type { Protocol, Verdict } from "./firewall";
import type { Router, Route } from "./routing";
import type { HostState } from "./topology";

export type ConnectOutcome =
  | { ok: true; rtt: number }
  | { ok: false; reason: "refused" | "timeout" | "unreachable" | "host-down" | "filtered" };

/** BSD's connection-establishment timeout, seconds. */
export const DEFAULT_CONNECT_TIMEOUT = 75;

/** A host as addressed by the caller: by name, or by one of its addresses. */
export interface Endpoint {
  readonly host: HostState;
  /** The IPv4 address used in the packet (null if the host has none). */
  readonly addr: number | null;
}

/** Where a packet was stopped: the verdict, and the index in route.hosts of the firewall. */
export interface Blocked {
  verdict: Verdict;
  hop: number;
}

/** What connect and sendDatagram need from the network. */
export interface NetCore {
  readonly kernel: Kernel;
  readonly bus: TraceBus;
  readonly router: Router;
  endpoint(nameOrAddr: string): Endpoint;
  /** Run the packet through every firewall on the route; null when all allow. */
  filter(route: Route, proto: Protocol, src: Endpoint, dst: Endpoint, port: number): Blocked | null;
  /** Whether every link and every forwarding host of the route is still up. */
  routeUp(route: Route): boolean;
  listening(host: HostState, port: number): boolean;
}

export function tcpConnect(
  net: NetCore,
  srcName: string,
  dstName: string,
  port: number,
  done: (o: ConnectOutcome, arg: unknown) => void,
  timeout: number = DEFAULT_CONNECT_TIMEOUT,
  arg?: unknown,
): void {
  new Handshake(net, net.endpoint(srcName), net.endpoint(dstName), port, done, timeout, arg).start();
}

const TIMED_OUT: ConnectOutcome = Object.freeze({ ok: false, reason: "timeout" });

// Kernel handlers, made once; the handshake travels as the event's argument.
const synArrives = (h: Handshake): void => h.synArrives();
const synAckArrives = (h: Handshake): void => h.synAckArrives();
const report = (h: Handshake): void => h.report();

/** One connection attempt's state (connections are opened constantly: no closures per attempt). */
class Handshake {
  private readonly t0: number;
  private outcome: ConnectOutcome = TIMED_OUT;
  private route: Route | null = null;
  private open = false;

  constructor(
    private readonly net: NetCore,
    private readonly src: Endpoint,
    private readonly dst: Endpoint,
    private readonly port: number,
    private readonly done: (o: ConnectOutcome, arg: unknown) => void,
    private readonly timeout: number,
    private readonly arg: unknown,
  ) {
    this.t0 = net.kernel.now;
  }

  start(): void {
    const { net, src, dst } = this;
    if (!src.host.up) return this.later(0, { ok: false, reason: "host-down" });
    const route = net.router.route(src.host.index, dst.host.index);
    if (route === null) return this.later(0, { ok: false, reason: "unreachable" });
    const blocked = net.filter(route, "tcp", src, dst, this.port);
    if (blocked !== null) {
      if (blocked.verdict.action === "deny-reject") {
        let toFirewall = 0;
        for (let i = 0; i < blocked.hop; i++) toFirewall += route.links[i].latency;
        return this.later(2 * toFirewall, { ok: false, reason: "filtered" });
      }
      return this.timedOut(); // deny-drop: nothing ever comes back
    }
    if (route.latency >= this.timeout) return this.timedOut();
    this.route = route;
    net.kernel.schedule(route.latency, synArrives, this);
  }

  synArrives(): void {
    const { net, dst, src } = this;
    if (!dst.host.up || !net.routeUp(this.route!)) return this.timedOut(); // SYN lost
    const back = net.router.route(dst.host.index, src.host.index);
    if (back === null || net.kernel.now + back.latency - this.t0 >= this.timeout) return this.timedOut();
    this.open = net.listening(dst.host, this.port);
    net.kernel.schedule(back.latency, synAckArrives, this);
  }

  synAckArrives(): void {
    if (!this.src.host.up) return this.timedOut();
    this.outcome = this.open ? { ok: true, rtt: this.net.kernel.now - this.t0 } : { ok: false, reason: "refused" };
    this.report();
  }

  /**
   * A lost SYN (or SYN-ACK) is noticed only when the client's timer runs out, `timeout`
   * after it sent the SYN. The timer is armed only when the loss happens, so the common
   * case — the handshake completes — costs no timer at all.
   */
  private timedOut(): void {
    this.later(this.t0 + this.timeout - this.net.kernel.now, { ok: false, reason: "timeout" });
  }

  private later(delay: number, o: ConnectOutcome): void {
    this.outcome = o;
    this.net.kernel.schedule(delay, report, this);
  }

  report(): void {
    const { net, src, dst, outcome: o } = this;
    if (net.bus.on) {
      net.bus.emit({ t: net.kernel.now, type: "tcp.connect", host: src.host.name, src: src.host.name, dst: dst.host.name,
        port: this.port, outcome: o.ok ? "ok" : o.reason });
    }
    this.done(o, this.arg);
  }
}
