/**
 * The name tree above a scenario's zones, built automatically (the tutorial's S1).
 *
 * A scenario usually describes only its own zones (say `example.gr.jp`) and the hosts
 * that serve them. Real resolution starts at the root: a resolver asks a root server,
 * is referred to the `jp.` servers, then to `gr.jp.`, then to the servers of
 * `example.gr.jp.` (RFC 1034 §5.3.3). So that a simulation walks the same chain,
 * {@link buildHierarchy} synthesises every missing ancestor zone (`.`, `jp.`, `gr.jp.`)
 * with its own servers, and writes into each synthesised parent the delegation of its
 * children: their NS set and glue addresses (RFC 1034 §4.2.1). A scenario that defines
 * an ancestor zone itself keeps it exactly as written (it then owns the delegations).
 *
 * Synthesised servers are named like the real ones: `a.root-servers.net`,
 * `b.root-servers.net` for the root, `a.dns.<zone>`, `b.dns.<zone>` below it (as
 * `a.dns.jp`). Their addresses come from 198.18.0.0/15, the block RFC 2544 reserves
 * for benchmarking (listed in RFC 6890), so they never collide with the
 * documentation or real addresses a scenario uses. Allocation is in tree order, so
 * the same scenario always gets the same addresses.
 */
import { absolute, compareNames, isSubdomain, join, labels, parentName } from "./name";
import type { Rr, Zone } from "./zone";

export interface NameServer {
  /** Host name of the server, e.g. "ns1.example.gr.jp". */
  name: string;
  addr: string;
}

/** A zone together with the servers that are authoritative for it. */
export interface ServedZone {
  zone: Zone;
  servers: NameServer[];
  /** True for zones made up by {@link buildHierarchy}. */
  synthetic?: boolean;
}

export interface HierarchyOptions {
  /** Servers per synthesised zone (default 2). */
  serversPerZone?: number;
  /** TTL of synthesised records and delegations (default 172800 s, the root zone's delegation TTL). */
  ttl?: number;
  /** SOA MINIMUM of synthesised zones, i.e. their negative-caching TTL (default 3600 s). */
  negativeTtl?: number;
}

export interface Hierarchy {
  /** Every zone, root first, in tree order. */
  zones: ServedZone[];
  /** Every server host with the zones it serves (a host may serve several). */
  servers: { name: string; addr: string; zones: string[] }[];
  /** The root servers: what a resolver's root hints file lists. */
  rootHints: NameServer[];
}

/** First address of the synthesised range 198.18.0.0/15 (RFC 2544). */
export function syntheticAddress(k: number): string {
  const host = k + 1;
  return `198.${18 + (host >> 16)}.${(host >> 8) & 0xff}.${host & 0xff}`;
}

function syntheticServerNames(origin: string, n: number): string[] {
  const letters = "abcdefghijklm";
  return Array.from({ length: n }, (_, i) =>
    origin === "" ? `${letters[i]}.root-servers.net` : join(`${letters[i]}.dns`, origin),
  );
}

/**
 * A zone with what a name server needs at its apex, added when the text leaves it out
 * (scenario zones are often written as just MX and A lines): an SOA (RFC 1035 §5.2
 * requires one per zone; MINIMUM is the negative TTL), the NS set of its servers, and
 * the addresses of servers named inside the zone.
 */
export function completeZone(zone: Zone, servers: readonly NameServer[], ttl = 3600, negativeTtl = 300): Zone {
  const o = zone.origin;
  const has = (name: string, type: Rr["type"]): boolean => zone.records.some((r) => r.name === name && r.type === type);
  const added: Rr[] = [];
  if (!has(o, "SOA")) {
    added.push({
      name: o, type: "SOA", class: "IN", ttl,
      data: {
        mname: servers[0]?.name ?? join("ns", o), rname: join("hostmaster", o),
        serial: 1, refresh: 3600, retry: 900, expire: 604800, minimum: negativeTtl,
      },
    });
  }
  if (!has(o, "NS")) for (const s of servers) added.push({ name: o, type: "NS", class: "IN", ttl, data: s.name });
  for (const s of servers) {
    if (isSubdomain(s.name, o) && !has(s.name, "A") && !added.some((r) => r.name === s.name && r.type === "A")) {
      added.push({ name: s.name, type: "A", class: "IN", ttl, data: s.addr });
    }
  }
  return added.length === 0 ? zone : { origin: o, records: [...added, ...zone.records] };
}

export function buildHierarchy(given: readonly ServedZone[], options: HierarchyOptions = {}): Hierarchy {
  const perZone = options.serversPerZone ?? 2;
  const ttl = options.ttl ?? 172800;
  const negativeTtl = options.negativeTtl ?? 3600;
  const byOrigin = new Map<string, ServedZone>();
  for (const s of given) {
    if (byOrigin.has(s.zone.origin)) throw new Error(`zone ${absolute(s.zone.origin)} is defined twice`);
    byOrigin.set(s.zone.origin, { ...s, zone: completeZone(s.zone, s.servers) });
  }
  // Ancestors nobody defined, in tree order (root first). A defined ancestor owns the
  // delegations below it, so nothing is made between it and its descendants.
  const missing = new Set<string>();
  for (const origin of byOrigin.keys()) {
    const path: string[] = [];
    let p = parentName(origin);
    while (p !== undefined && !byOrigin.has(p)) {
      path.push(p);
      p = parentName(p);
    }
    if (p === undefined) for (const a of path) missing.add(a);
  }
  if (byOrigin.size === 0) missing.add("");
  const synthetic = [...missing].sort(compareNames);
  let next = 0;
  for (const origin of synthetic) {
    const servers = syntheticServerNames(origin, perZone).map((name) => ({ name, addr: syntheticAddress(next++) }));
    byOrigin.set(origin, { zone: completeZone({ origin, records: [] }, servers, ttl, negativeTtl), servers, synthetic: true });
  }
  const origins = [...byOrigin.keys()].sort(compareNames);

  // Delegations into synthesised parents: NS at the cut, glue for servers the parent can vouch for.
  const extra = new Map<string, Rr[]>();
  for (const origin of origins) {
    if (origin === "") continue;
    let parent = parentName(origin) as string;
    while (!byOrigin.has(parent)) parent = parentName(parent) as string;
    const p = byOrigin.get(parent) as ServedZone;
    if (!p.synthetic) continue;
    const child = byOrigin.get(origin) as ServedZone;
    const recs = extra.get(parent) ?? [];
    for (const s of child.servers) recs.push({ name: origin, type: "NS", class: "IN", ttl, data: s.name });
    for (const s of child.servers) {
      if (isSubdomain(s.name, parent) && !recs.some((r) => r.name === s.name && r.type === "A")) {
        recs.push({ name: s.name, type: "A", class: "IN", ttl, data: s.addr });
      }
    }
    extra.set(parent, recs);
  }
  const zones = origins.map((o) => {
    const s = byOrigin.get(o) as ServedZone;
    const add = extra.get(o);
    return add === undefined ? s : { ...s, zone: { origin: o, records: [...s.zone.records, ...add] } };
  });

  const hosts = new Map<string, { name: string; addr: string; zones: string[] }>();
  for (const z of zones) {
    for (const s of z.servers) {
      const key = `${s.name} ${s.addr}`;
      const h = hosts.get(key);
      if (h === undefined) hosts.set(key, { name: s.name, addr: s.addr, zones: [z.zone.origin] });
      else h.zones.push(z.zone.origin);
    }
  }
  const root = byOrigin.get("") as ServedZone;
  return { zones, servers: [...hosts.values()], rootHints: root.servers.map((s) => ({ ...s })) };
}

/** How deep a zone is (root 0, "jp" 1, "gr.jp" 2…), for layout and explanations. */
export function zoneDepth(origin: string): number {
  return labels(origin).length;
}
