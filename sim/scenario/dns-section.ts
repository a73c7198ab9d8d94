/**
 * The DNS section: what `zones:`, the DNS fields of hosts (dns-schema.ts), DNS
 * faults (dns-faults.ts) and `lookups` workloads become in a {@link Simulation}.
 *
 *  - Each zone text is parsed (parseZone) and completed with an SOA, its NS set and
 *    addresses for its servers when the text leaves them out (completeZone).
 *  - A host with `zones: [...]` runs an authoritative server (AuthServer) for those
 *    zones on its first address, with BIND's minimal-responses if it says so.
 *  - The tree above the scenario's zones is synthesised (buildHierarchy): the root,
 *    `jp.`, `gr.jp.`… each with two servers at 198.18.0.0/15 addresses, delegating
 *    down to the scenario's servers with glue. Those servers are real hosts on the
 *    network: each is joined to the host with `role: internet` (else the first host)
 *    by its own 1 Gbps, 10 ms link, so a cold lookup pays a root, a TLD and a
 *    second-level round trip beyond the site's own line. A scenario that writes an
 *    ancestor zone itself (even `.`) keeps it and serves it from its own hosts.
 *  - A host with `role: resolver` runs a caching iterative resolver (the site's
 *    `named`) primed with the root hints.
 *  - A host with `role: rbl` publishes its `dnsbl:` list (dnsbl.ts), delegated from
 *    the tree like any zone, starting in the list's `mode`.
 *  - Every host with an address gets a stub resolver on demand (`sim.dns.stub(host)`, sim-dns.ts):
 *    from its `resolv:` text (resolv.conf), else pointed at the scenario's first
 *    resolver host. The MTA layer asks `stub(host).lookup(name, type, cb)`.
 *
 * Split DNS (the tutorial's S19) is two versions of one zone: `example.gr.jp` and
 * `example.gr.jp@inside` in `zones:`. The plain key is the public version, the one
 * the tree delegates to; a `@view` version is served only by the hosts that list it
 * (`zones: ["example.gr.jp@inside"]`) and is reached only by hosts whose resolv.conf
 * names those servers — exactly how an inside name server works:
 *
 * ```yaml
 * zones:
 *   example.gr.jp: |                 # what the Internet sees
 *     @ IN MX 10 gateway
 *     gateway IN A 202.250.31.150
 *   example.gr.jp@inside: |          # what inside hosts see
 *     @ IN MX 10 mailhub
 *     mailhub IN A 10.0.0.25
 * hosts:
 *   ns-out: { role: dns, addr: 202.250.31.148, zones: [example.gr.jp] }
 *   ns-in:  { role: dns, addr: 10.0.0.53, zones: ["example.gr.jp@inside"] }
 *   pc:     { addr: 10.0.0.9, resolv: "nameserver 10.0.0.53" }
 * ```
 *
 * Nothing is added to a scenario that has no DNS (no zones, servers, resolvers or
 * resolv.conf): its network, trace and fingerprint stay as they were.
 */
import {
  AuthServer, buildHierarchy, canonical, completeZone, deployHierarchy, Dnsbl, isSubdomain, join, parseZone, Resolver,
  type NameServer, type ServedZone, type Zone,
} from "../dns";
import { startLookups } from "../traffic/lookups";
import { checkDnsSection, zoneKey } from "./dns-check";
import { DNS_FAULTS } from "./dns-faults";
import { dnsFormat } from "./dns-schema";
import type { Simulation } from "./model";
import type { ScenarioSpec, TrafficSpec } from "./schema";
import type { Section } from "./section";

/** The link that joins each synthesised root/TLD server to the Internet host. */
export const SYNTHETIC_LINK = { bandwidth: 1e9, latency: 0.01 } as const;

/** True when the scenario asks for any DNS at all. */
export function wantsDns(s: ScenarioSpec): boolean {
  return Object.keys(s.zones ?? {}).length > 0 ||
    Object.values(s.hosts).some((h) => (h.zones?.length ?? 0) > 0 || h.resolv !== undefined || h.dnsbl !== undefined || h.role === "resolver");
}

/** The name under which `host` serves `zone`: the apex NS whose in-zone address is the host's, else host.zone. */
function serverName(host: string, addr: string, zone: Zone): string {
  const o = zone.origin;
  for (const ns of zone.records) {
    if (ns.name !== o || ns.type !== "NS") continue;
    const target = ns.data as string;
    if (zone.records.some((r) => r.name === target && r.type === "A" && r.data === addr)) return target;
  }
  return host.includes(".") ? canonical(host) : join(canonical(host), o);
}

/** Build every DNS participant of the scenario into `sim` (a no-op for a scenario without DNS). */
function deployDns(sim: Simulation): void {
  const s = sim.scenario;
  if (!wantsDns(s)) return;
  const { kernel, bus, net } = sim;
  const dns = sim.dns;
  const hosts = Object.entries(s.hosts);
  const addrOf = (name: string): string => s.hosts[name].addr as string;

  // Zone versions and who serves them.
  const parsed = new Map<string, Zone>();
  for (const [key, text] of Object.entries(s.zones ?? {})) parsed.set(key, parseZone(text, { origin: zoneKey(key).origin }));
  const servers = new Map<string, NameServer[]>();
  for (const [name, h] of hosts) {
    for (const key of h.zones ?? []) {
      const list = servers.get(key) ?? [];
      list.push({ name: serverName(name, addrOf(name), parsed.get(key) as Zone), addr: addrOf(name) });
      servers.set(key, list);
    }
  }
  const lists = new Map<string, Dnsbl>();
  for (const [name, h] of hosts) {
    if (h.dnsbl === undefined) continue;
    const zone = canonical(h.dnsbl.zone);
    const server = { name: isSubdomain(name, zone) || name.includes(".") ? canonical(name) : join(canonical(name), zone), addr: addrOf(name) };
    lists.set(name, new Dnsbl({ zone, servers: [server], entries: h.dnsbl.listed, ttl: h.dnsbl.ttl }));
  }
  const given: ServedZone[] = [];
  for (const [key, zone] of parsed) if (zoneKey(key).view === undefined) given.push({ zone, servers: servers.get(key) ?? [] });
  for (const l of lists.values()) given.push({ zone: l.zone, servers: l.listing.servers });
  const h = buildHierarchy(given);
  dns.hierarchy = h;

  // The synthesised tree: hosts joined to the Internet, each serving its zones.
  const scenarioAddrs = new Set(hosts.map(([n]) => s.hosts[n].addr));
  const synthetic = h.servers.filter((x) => !scenarioAddrs.has(x.addr));
  const attach = hosts.find(([, x]) => x.role === "internet")?.[0] ?? hosts[0]?.[0];
  for (const x of synthetic) {
    net.addHost(x.name, { addrs: [x.addr], role: "dns" });
    if (attach !== undefined) net.addLink(x.name, attach, { ...SYNTHETIC_LINK, name: `${x.name}--${attach}` });
  }
  for (const [name, server] of deployHierarchy(kernel, bus, dns.transport, { ...h, servers: synthetic })) dns.servers.set(name, server);

  // The scenario's own servers, each serving its zone versions (and its list).
  const complete = new Map(h.zones.map((z) => [z.zone.origin, z.zone]));
  for (const [name, x] of hosts) {
    const list = lists.get(name);
    if ((x.zones?.length ?? 0) === 0 && list === undefined) continue;
    const zones = (x.zones ?? []).map((key) =>
      zoneKey(key).view === undefined ? (complete.get(zoneKey(key).origin) as Zone) : completeZone(parsed.get(key) as Zone, servers.get(key) ?? []));
    const server = new AuthServer(kernel, bus, dns.transport, { name, addr: addrOf(name), zones, minimalResponses: x.minimalResponses, dnsbl: list });
    if (x.dnsbl !== undefined) server.setDnsblMode(x.dnsbl.mode);
    dns.servers.set(name, server);
  }

  // Resolvers, then every host's way to ask.
  for (const [name, x] of hosts) {
    if (x.role === "resolver") dns.resolvers.set(name, new Resolver(kernel, bus, dns.transport, { name, addr: addrOf(name), rootHints: h.rootHints }));
  }
  const first = [...dns.resolvers.values()][0];
  dns.configureStubs(new Map(hosts), first?.addr);
}

type LookupsSpec = Extract<TrafficSpec, { kind: "lookups" }>;

/** Start a `lookups` workload: the `from` host's stub asks the names in turn. */
function startScenarioLookups(sim: Simulation, spec: TrafficSpec, i: number): void {
  const t = spec as LookupsSpec;
  const stub = sim.dns.stub(t.from);
  if (stub === undefined) throw new Error(`traffic[${i}]: ${t.from} has no stub resolver`); // load.ts reports this first
  startLookups(
    { names: t.names, type: t.type, count: t.count ?? t.names.length, rate: t.rate, start: t.start ?? 0 },
    { kernel: sim.kernel, stub, arrivals: sim.rng.stream(`traffic/${i}/lookups/arrivals`) },
    (r) => sim.dns.onLookup.forEach((f) => f(t.from, r)),
  );
}

export const dnsSection: Section = {
  name: "dns",
  format: dnsFormat,
  check: checkDnsSection,
  deploy: deployDns,
  workloads: (sim) => ({ lookups: (t, i) => startScenarioLookups(sim, t, i) }),
  faults: DNS_FAULTS,
};
