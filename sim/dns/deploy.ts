/**
 * Put a whole DNS tree on the network: one authoritative server per host of a
 * {@link Hierarchy}, each serving its zones, DNSBL lists served by their own hosts.
 */
import type { Kernel, TraceBus } from "../engine";
import type { Dnsbl } from "./dnsbl";
import type { Hierarchy } from "./hierarchy";
import { AuthServer } from "./server";
import type { DnsTransport } from "./transport";

export interface DeployOptions {
  /** Host names (as in the hierarchy) whose servers use BIND's minimal-responses. */
  minimalResponses?: readonly string[];
  /** DNSBL lists; a server whose zones include a list's zone answers it in the list's mode. */
  dnsbls?: readonly Dnsbl[];
}

/** Start every server of the hierarchy; returns them by host name, in hierarchy order. */
export function deployHierarchy(kernel: Kernel, bus: TraceBus, transport: DnsTransport, h: Hierarchy, options: DeployOptions = {}): Map<string, AuthServer> {
  const out = new Map<string, AuthServer>();
  for (const s of h.servers) {
    const zones = h.zones.filter((z) => s.zones.includes(z.zone.origin)).map((z) => z.zone);
    const dnsbl = options.dnsbls?.find((l) => s.zones.includes(l.listing.zone));
    out.set(s.name, new AuthServer(kernel, bus, transport, {
      name: s.name, addr: s.addr, zones, dnsbl,
      minimalResponses: options.minimalResponses?.includes(s.name) ?? false,
    }));
  }
  return out;
}
