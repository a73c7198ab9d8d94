/**
 * The DNS fault kinds:
 *
 *   - { at, dns: ns1, mode: down|refused|nonauth|up, for? }  an authoritative server stops
 *     answering (down), turns lame (refused: REFUSED; nonauth: answers without AA and
 *     without data) or recovers; `for` restores `up` afterwards. On a resolver host,
 *     `down` unbinds it from the network (its clients time out) and `up` binds it again.
 *   - { at, dns: ns1, delay: 2s, for? }  a slow server: every reply waits 2 s more.
 *   - { at, rbl: rbl-host, mode: normal|down|servfail|list-the-world|outside-127, for? }
 *     a DNSBL changes how it answers (dnsbl.ts); `for` restores `normal`.
 *
 * "All NS of a zone down" is one `dns:` fault per server. A host taken down by an
 * ordinary `down:` fault loses its DNS service too, through the network.
 */
import type { DnsblMode, ServerMode } from "../dns";
import type { FaultKind } from "./section";

export const DNS_FAULTS: readonly FaultKind[] = [
  {
    name: "dns",
    owns: (f) => f.dns !== undefined,
    target: (f) => f.dns as string,
    plan({ dns }, f) {
      const server = dns.servers.get(f.dns as string);
      const resolver = dns.resolvers.get(f.dns as string);
      if (server !== undefined && f.delay !== undefined) {
        const d = f.delay;
        return { apply: () => server.setDelay(d), undo: () => server.setDelay(0) };
      }
      if (server !== undefined && f.mode !== undefined) {
        const mode = f.mode as ServerMode;
        return { apply: () => server.setMode(mode), undo: () => server.setMode("up") };
      }
      if (resolver === undefined) return undefined;
      const bind = (): void => {
        if (dns.transport.endpointAt(resolver.addr) === undefined) dns.transport.bind(resolver.addr, resolver);
      };
      const unbind = (): void => dns.transport.unbind(resolver.addr);
      return f.mode === "down" ? { apply: unbind, undo: bind } : { apply: bind, undo: bind };
    },
  },
  {
    name: "rbl",
    owns: (f) => f.rbl !== undefined,
    target: (f) => f.rbl as string,
    plan({ dns }, f) {
      const server = dns.servers.get(f.rbl as string);
      const mode = f.mode as DnsblMode;
      return server === undefined ? undefined : { apply: () => server.setDnsblMode(mode), undo: () => server.setDnsblMode("normal") };
    },
  },
];
