/**
 * The network: the one object the upper layers talk to.
 *
 *   const net = new Network(kernel, bus);
 *   net.addHost("a", { addrs: ["192.0.2.1"] }); net.addHost("b");
 *   net.addLink("a", "b", { bandwidth: 1.5e6, latency: 0.02 });
 *   net.transfer("a", "b", 100_000, (o) => ...);   // done at 0.02 + 800000/1.5e6 s
 *
 * It composes the topology (hosts, links, addresses), routing (lowest latency,
 * static overrides), the flow model (max-min bandwidth sharing), firewalls, TCP
 * connection setup and datagrams, and applies faults: a host or link going down
 * fails the transfers that cross it and reroutes what comes after. Hosts may be
 * named by name or by one of their IPv4 addresses wherever a host is expected.
 */
import type { Kernel, TraceBus } from "../engine";
import "./events";
import { tcpConnect, type Blocked, type ConnectOutcome, type Endpoint, type NetCore } from "./connect";
import { sendDatagram as sendDatagramOn } from "./datagram";
import { evaluateRules, type Protocol } from "./firewall";
import { FlowModel, type LinkStatsReading, type TransferOutcome } from "./flows";
import { isIPv4, parseIPv4 } from "./ipv4";
import { Router, type Route } from "./routing";
import { Topology, checkBandwidth, type Host, type HostOptions, type HostState, type Link, type LinkOptions } from "./topology";

export class Network implements NetCore {
  readonly router: Router;
  private readonly topo = new Topology();
  private readonly flows: FlowModel;
  private readonly ports = new Set<number>();
  private readonly hostWatchers: ((host: string, up: boolean) => void)[] = [];

  constructor(
    readonly kernel: Kernel,
    readonly bus: TraceBus,
  ) {
    this.router = new Router(this.topo);
    this.flows = new FlowModel(kernel, bus);
  }

  // ---------------------------------------------------------------- topology

  addHost(name: string, opts?: HostOptions): Host {
    const h = this.topo.addHost(name, opts);
    this.addrEndpoints.clear();
    this.namedEndpoints.clear();
    this.router.invalidate();
    return h;
  }

  addLink(a: string, b: string, opts: LinkOptions): Link {
    const l = this.topo.addLink(a, b, opts);
    this.flows.addLink(l.bandwidth);
    this.router.invalidate();
    return l;
  }

  /** Pin the host path from -> via... -> to (one direction); see routing.ts. */
  setStaticRoute(from: string, to: string, via: string[]): void {
    this.router.setStatic(this.topo.host(from).index, this.topo.host(to).index, via.map((v) => this.topo.host(v).index));
  }

  host(name: string): Host {
    return this.topo.host(name);
  }

  link(name: string): Link {
    return this.topo.link(name);
  }

  get hosts(): Host[] {
    return this.topo.hosts;
  }

  get links(): Link[] {
    return this.topo.links;
  }

  hostByAddr(addr: string): Host | undefined {
    return this.endpointByAddr(addr)?.host;
  }

  /** Endpoints by address text: parsing dotted quads with a regex on every packet showed in profiles. */
  private readonly addrEndpoints = new Map<string, Endpoint | null>();
  private readonly namedEndpoints = new Map<string, Endpoint>();

  private endpointByAddr(text: string): Endpoint | undefined {
    let ep = this.addrEndpoints.get(text);
    if (ep === undefined) {
      ep = null;
      if (isIPv4(text)) {
        const addr = parseIPv4(text);
        const host = this.topo.hostByAddr(addr);
        if (host !== undefined) ep = { host, addr };
      }
      this.addrEndpoints.set(text, ep);
    }
    return ep ?? undefined;
  }

  /** Links crossed from src to dst, or null when unreachable (src === dst: []). */
  path(src: string, dst: string): Link[] | null {
    const r = this.route(src, dst);
    return r === null ? null : [...r.links];
  }

  /** One-way latency from src to dst, seconds; Infinity when unreachable. */
  latency(src: string, dst: string): number {
    const r = this.route(src, dst);
    return r === null ? Infinity : r.latency;
  }

  /** The routed path with its constraint ids (for the flow model and tools). */
  route(src: string, dst: string): Route | null {
    return this.router.route(this.endpoint(src).host.index, this.endpoint(dst).host.index);
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Move `bytes` from src to dst: the path latency, then a max-min fair share of
   * every link direction on the path. `done(outcome, arg)` runs from a kernel event
   * when the last byte arrives or the transfer fails. Returns the flow id.
   */
  transfer<T>(src: string, dst: string, bytes: number, done: (o: TransferOutcome, arg: T) => void, arg?: T): number {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`net: transfer of ${bytes} bytes`);
    const s = this.endpoint(src).host, d = this.endpoint(dst).host;
    const route = s.up && d.up ? this.router.route(s.index, d.index) : null;
    const id = this.flows.start(s.name, d.name, route ?? NO_ROUTE, bytes, done as (o: TransferOutcome, arg: unknown) => void, arg);
    if (route === null) this.flows.fail(id, s.up && d.up ? "unreachable" : "host-down");
    return id;
  }

  /** Stop a transfer; its `done` gets { ok: false, reason: "aborted" }. */
  abort(flowId: number): void {
    this.flows.fail(flowId, "aborted");
  }

  /** Current rate of a transfer, bits/s (0 while it pays latency). */
  flowRate(flowId: number): number {
    return this.flows.rateOf(flowId);
  }

  sendDatagram(src: string, dst: string, bytes: number, port: number, arrive: () => void, lost?: () => void): void {
    sendDatagramOn(this, this.flows, src, dst, bytes, port, arrive, lost);
  }

  // ---------------------------------------------------------------- TCP

  listen(host: string, port: number): void {
    this.ports.add(portKey(this.topo.host(host).index, port));
  }

  unlisten(host: string, port: number): void {
    this.ports.delete(portKey(this.topo.host(host).index, port));
  }

  listening(host: HostState, port: number): boolean {
    return this.ports.has(portKey(host.index, port));
  }

  /** Open a TCP connection; see connect.ts for the outcomes and their timing. */
  connect<T>(src: string, dst: string, port: number, done: (o: ConnectOutcome, arg: T) => void, timeout?: number, arg?: T): void {
    tcpConnect(this, src, dst, port, done as (o: ConnectOutcome, arg: unknown) => void, timeout, arg);
  }

  // ---------------------------------------------------------------- faults

  setHostUp(name: string, up: boolean): void {
    const h = this.topo.host(name);
    if (h.up === up) return;
    h.up = up;
    this.router.invalidate();
    if (this.bus.on) this.bus.emit({ t: this.kernel.now, type: up ? "host.up" : "host.down", host: name });
    if (!up) this.failFlows((r) => r.hosts.includes(h.index), "host-down");
    for (const w of this.hostWatchers) w(name, up);
  }

  /**
   * Hear every host going down or up (after its flows have failed). Models that
   * live on a host use it to pause and resume, as a rebooted server resumes its
   * queue from disk.
   */
  watchHosts(watcher: (host: string, up: boolean) => void): void {
    this.hostWatchers.push(watcher);
  }

  setLinkUp(name: string, up: boolean): void {
    const l = this.topo.link(name);
    if (l.up === up) return;
    l.up = up;
    this.router.invalidate();
    if (this.bus.on) this.bus.emit({ t: this.kernel.now, type: up ? "link.up" : "link.down", host: l.a, link: name });
    if (!up) this.failFlows((r) => r.links.includes(l), "link-down");
  }

  setBandwidth(name: string, bps: number): void {
    const l = this.topo.link(name);
    checkBandwidth(bps, `link ${name}`);
    l.bandwidth = bps;
    this.flows.setLinkCapacity(l.index, bps);
    if (this.bus.on) this.bus.emit({ t: this.kernel.now, type: "link.bandwidth", host: l.a, link: name, bps });
  }

  /** Bytes carried (both directions), ∫ used/capacity dt (directions averaged), its time average, and each direction. */
  linkStats(name: string): LinkStatsReading {
    return this.flows.linkStats(this.topo.link(name).index);
  }

  /**
   * Close every link's sums at this instant. The sums are exact sums of rectangles
   * (link-stats.ts), but where a sum is cut changes its last bits; reading never
   * cuts, and a run that cuts only here, at the same instants, gets the same
   * bits whoever read its links in between (the runner settles at its samples).
   */
  settleLinkStats(): void {
    this.flows.settleStats();
  }

  private failFlows(crosses: (r: Route) => boolean, reason: "host-down" | "link-down"): void {
    const victims: number[] = [];
    for (const f of this.flows.active.values()) if (f.failure === null && crosses(f.route)) victims.push(f.id);
    for (const id of victims) this.flows.fail(id, reason);
  }

  // ---------------------------------------------------------------- NetCore

  endpoint(nameOrAddr: string): Endpoint {
    const named = this.namedEndpoints.get(nameOrAddr); // emptied whenever a host is added
    if (named !== undefined) return named;
    if (this.topo.hasHost(nameOrAddr)) {
      const host = this.topo.host(nameOrAddr);
      const ep = { host, addr: host.addrNums.length > 0 ? host.addrNums[0] : null };
      this.namedEndpoints.set(nameOrAddr, ep);
      return ep;
    }
    const ep = this.endpointByAddr(nameOrAddr);
    if (ep !== undefined) return ep;
    throw new Error(`net: no host named or addressed ${nameOrAddr}`);
  }

  /** Every host on the route (source and destination included) that has rules judges the packet. */
  filter(route: Route, proto: Protocol, src: Endpoint, dst: Endpoint, port: number): Blocked | null {
    for (let hop = 0; hop < route.hosts.length; hop++) {
      const fw = this.topo.hosts[route.hosts[hop]];
      if (fw.rules === null) continue;
      const verdict = evaluateRules(fw.rules, proto, src.addr, dst.addr, port);
      if (this.bus.on) {
        this.bus.emit({ t: this.kernel.now, type: "fw.verdict", host: fw.name, firewall: fw.name,
          src: src.host.name, dst: dst.host.name, proto, dport: port, action: verdict.action, rule: verdict.rule });
      }
      if (verdict.action !== "allow") return { verdict, hop };
    }
    return null;
  }

  routeUp(route: Route): boolean {
    for (const l of route.links) if (!l.up) return false;
    for (let i = 1; i + 1 < route.hosts.length; i++) if (!this.topo.hosts[route.hosts[i]].up) return false;
    return true;
  }
}

const NO_ROUTE: Route = { links: [], hosts: new Int32Array(0), cons: new Int32Array(0), latency: 0 };

function portKey(host: number, port: number): number {
  return host * 65536 + port;
}
