/**
 * Topology: hosts with IPv4 addresses, and full-duplex links between them.
 *
 * A *host* is a node that can send, receive and forward (a router or a firewall
 * is a host with a role). A *link* joins two hosts; it has a bandwidth in bits/s
 * and a one-way propagation latency in seconds. Links are full duplex, as
 * switched Ethernet and serial leased lines are: each direction is its own
 * capacity, so a download does not slow an upload on the same line. The two
 * directions of link i are *constraints* 2i (a→b) and 2i+1 (b→a); the flow model
 * shares bandwidth per constraint.
 *
 * Hosts and links are plain records kept in arrays in creation order, so every
 * iteration over them is deterministic; maps are used for lookup only.
 */
import { parseIPv4 } from "./ipv4";
import { compileRules, type CompiledRule, type FirewallRule } from "./firewall";

export interface LinkOptions {
  /** Bits per second. */
  bandwidth: number;
  /** One-way propagation latency, seconds. */
  latency: number;
  /** Defaults to "a--b". */
  name?: string;
}

export interface HostOptions {
  /** IPv4 addresses; the first is the one the host sends from. */
  addrs?: string[];
  /** Free label: "mta", "dns", "firewall", "router"… */
  role?: string;
  /** Ordered rules, first match wins, default allow (see firewall.ts). */
  firewall?: FirewallRule[];
}

/** A host as the rest of the simulator sees it. Change `up` through Network.setHostUp. */
export interface Host {
  readonly name: string;
  /** Position in creation order. */
  readonly index: number;
  readonly addrs: readonly string[];
  readonly up: boolean;
  readonly role: string;
  readonly firewall: readonly FirewallRule[] | null;
}

/** A link as the rest of the simulator sees it. Change it through Network methods. */
export interface Link {
  readonly name: string;
  readonly index: number;
  readonly a: string;
  readonly b: string;
  readonly bandwidth: number;
  readonly latency: number;
  readonly up: boolean;
}

/** Mutable records behind the read-only views. */
export interface HostState extends Host {
  up: boolean;
  /** Numeric addresses, parallel to `addrs`. */
  readonly addrNums: readonly number[];
  readonly rules: readonly CompiledRule[] | null;
}

export interface LinkState extends Link {
  bandwidth: number;
  up: boolean;
  readonly ai: number;
  readonly bi: number;
}

export class Topology {
  readonly hosts: HostState[] = [];
  readonly links: LinkState[] = [];
  /** Per host index: the links attached to it, in creation order. */
  readonly adjacency: LinkState[][] = [];
  private readonly byName = new Map<string, HostState>();
  private readonly linkByName = new Map<string, LinkState>();
  private readonly byAddr = new Map<number, HostState>();

  addHost(name: string, opts: HostOptions = {}): HostState {
    if (this.byName.has(name)) throw new Error(`net: host ${name} already exists`);
    const addrs = opts.addrs ?? [];
    const addrNums = addrs.map(parseIPv4);
    for (let i = 0; i < addrNums.length; i++) {
      const other = this.byAddr.get(addrNums[i]);
      if (other !== undefined) throw new Error(`net: address ${addrs[i]} of ${name} is already used by ${other.name}`);
    }
    const host: HostState = {
      name,
      index: this.hosts.length,
      addrs: [...addrs],
      addrNums,
      up: true,
      role: opts.role ?? (opts.firewall ? "firewall" : "host"),
      firewall: opts.firewall ? [...opts.firewall] : null,
      rules: opts.firewall ? compileRules(opts.firewall, name) : null,
    };
    this.hosts.push(host);
    this.adjacency.push([]);
    this.byName.set(name, host);
    for (const a of addrNums) this.byAddr.set(a, host);
    return host;
  }

  addLink(a: string, b: string, opts: LinkOptions): LinkState {
    const ha = this.host(a);
    const hb = this.host(b);
    if (ha === hb) throw new Error(`net: link from ${a} to itself`);
    checkBandwidth(opts.bandwidth, `link ${a}--${b}`);
    if (!(opts.latency >= 0) || !Number.isFinite(opts.latency)) {
      throw new RangeError(`net: link ${a}--${b}: latency must be a finite number >= 0 s (got ${opts.latency})`);
    }
    const name = opts.name ?? `${a}--${b}`;
    if (this.linkByName.has(name)) throw new Error(`net: link ${name} already exists (give parallel links a name)`);
    const link: LinkState = {
      name,
      index: this.links.length,
      a,
      b,
      ai: ha.index,
      bi: hb.index,
      bandwidth: opts.bandwidth,
      latency: opts.latency,
      up: true,
    };
    this.links.push(link);
    this.adjacency[ha.index].push(link);
    this.adjacency[hb.index].push(link);
    this.linkByName.set(name, link);
    return link;
  }

  host(name: string): HostState {
    const h = this.byName.get(name);
    if (h === undefined) throw new Error(`net: no host named ${name}`);
    return h;
  }

  hasHost(name: string): boolean {
    return this.byName.has(name);
  }

  link(name: string): LinkState {
    const l = this.linkByName.get(name);
    if (l === undefined) throw new Error(`net: no link named ${name}`);
    return l;
  }

  hostByAddr(addr: number): HostState | undefined {
    return this.byAddr.get(addr);
  }
}

export function checkBandwidth(bps: number, what: string): void {
  if (!(bps > 0) || !Number.isFinite(bps)) {
    throw new RangeError(`net: ${what}: bandwidth must be a finite number > 0 bits/s (got ${bps}); use link down for 0`);
  }
}
