/**
 * Telling MTA hosts apart for the picture: which is the gateway, which a 2nd MX,
 * which a FallbackMX host. The scenario says it through configuration, not labels:
 * a backup MX is an exchanger with a higher preference than the lowest in some zone's
 * MX set; a FallbackMX host is named in some MTA's `fallbackMx`; the gateway is an
 * inside MTA next to the firewall.
 */
import type { Topology } from "../protocol";
import type { RoleHints } from "./roles";

export interface MtaNaming {
  host: string;
  hostname?: string;
  fallbackMx?: string;
}

const strip = (s: string): string => s.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();

export function roleHints(topo: Topology, zones: Record<string, string>, mtas: readonly MtaNaming[]): RoleHints {
  const byName = new Map<string, string>();
  for (const m of mtas) {
    byName.set(m.host.toLowerCase(), m.host);
    if (m.hostname) byName.set(strip(m.hostname), m.host);
  }
  const find = (fqdn: string): string | undefined => byName.get(strip(fqdn)) ?? byName.get(strip(fqdn).split(".")[0]);

  const backupMx = new Set<string>();
  for (const [key, text] of Object.entries(zones)) {
    const origin = key.split("@")[0];
    const mx: { pref: number; target: string }[] = [];
    for (const line of text.split("\n")) {
      const m = /\bMX\s+(\d+)\s+(\S+)/i.exec(line.replace(/;.*/, ""));
      if (m) mx.push({ pref: Number(m[1]), target: m[2].endsWith(".") ? m[2] : `${m[2]}.${origin}` });
    }
    if (mx.length < 2) continue;
    const lowest = Math.min(...mx.map((r) => r.pref));
    for (const r of mx) if (r.pref > lowest) { const h = find(r.target); if (h) backupMx.add(h); }
  }
  const fallback = new Set<string>();
  for (const m of mtas) if (m.fallbackMx) { const h = find(m.fallbackMx); if (h) fallback.add(h); }
  const gateway = new Set<string>();
  const fws = new Set(topo.hosts.filter((h) => h.role === "firewall").map((h) => h.name));
  const mtaHosts = new Set(mtas.map((m) => m.host));
  for (const l of topo.links) {
    if (fws.has(l.a) && mtaHosts.has(l.b)) gateway.add(l.b);
    if (fws.has(l.b) && mtaHosts.has(l.a)) gateway.add(l.a);
  }
  for (const h of mtaHosts) if (/gateway|^gw/i.test(h)) gateway.add(h);
  return { backupMx, fallback, gateway };
}
