/**
 * The DNS of a running simulation as the upper layers (MTA, traffic, observers,
 * the browser) see it: the transport, the authoritative servers and resolvers by
 * host, the zone tree, and a stub resolver for each host on demand.
 */
import type { Kernel, TraceBus } from "../engine";
import type { Network } from "../net";
import { defaultResolvConf, DnsMessageLog, DnsTransport, parseResolvConf, StubResolver, type AuthServer, type Hierarchy, type Resolver } from "../dns";
import type { LookupRecord } from "../traffic/lookups";

/** What the upper layers (MTA, traffic, observers, the browser) use of the DNS. */
export class SimDns {
  readonly transport: DnsTransport;
  /** Authoritative servers by host name: the scenario's and the synthesised root/TLD ones. */
  readonly servers = new Map<string, AuthServer>();
  /** Caching resolvers by host name. */
  readonly resolvers = new Map<string, Resolver>();
  /** The bytes of DNS exchanges, for the inspector; kept only after `messages.keep()`. */
  readonly messages: DnsMessageLog;
  /** The zone tree (undefined when the scenario has no DNS). */
  hierarchy: Hierarchy | undefined;
  /** Finished `lookups` workload lookups (for metrics and tests). */
  readonly onLookup: ((host: string, r: LookupRecord) => void)[] = [];
  private readonly stubs = new Map<string, StubResolver | undefined>();
  private hostConf = new Map<string, { addr?: string; resolv?: string }>();
  private defaultServer: string | undefined;

  constructor(
    readonly kernel: Kernel,
    readonly bus: TraceBus,
    readonly net: Network,
  ) {
    this.transport = new DnsTransport(net, () => kernel.now);
    this.messages = new DnsMessageLog(this.transport);
  }

  /** Tell the stubs where to go: each host's address and resolv.conf text, and the default server. */
  configureStubs(hosts: Map<string, { addr?: string; resolv?: string }>, defaultServer: string | undefined): void {
    this.hostConf = hosts;
    this.defaultServer = defaultServer;
  }

  /** The stub resolver of `host` (made on first use), or undefined if it has no way to ask. */
  stub(host: string): StubResolver | undefined {
    if (this.stubs.has(host)) return this.stubs.get(host);
    let stub: StubResolver | undefined;
    const { addr, resolv: text } = this.hostConf.get(host) ?? {};
    const conf = text !== undefined ? parseResolvConf(text) : this.defaultServer !== undefined ? defaultResolvConf([this.defaultServer]) : undefined;
    if (addr !== undefined && conf !== undefined) stub = new StubResolver(this.kernel, this.bus, this.transport, host, addr, conf);
    this.stubs.set(host, stub);
    return stub;
  }
}
