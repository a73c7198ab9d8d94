/**
 * DNS faults (the failure modes of issue 3) on the kernel's clock:
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
import type { Kernel } from "../engine";
import type { DnsblMode, ServerMode } from "../dns";
import type { SimDns } from "./dns-section";
import type { FaultSpec } from "./schema";

export function scheduleDnsFaults(kernel: Kernel, dns: SimDns, faults: readonly FaultSpec[]): void {
  const during = (f: FaultSpec, start: () => void, end: () => void): void => {
    kernel.at(f.at, start);
    if (f.for !== undefined) kernel.at(f.at + f.for, end);
  };
  for (const f of faults) {
    if (f.dns !== undefined) {
      const server = dns.servers.get(f.dns);
      const resolver = dns.resolvers.get(f.dns);
      if (server !== undefined && f.delay !== undefined) {
        const d = f.delay;
        during(f, () => server.setDelay(d), () => server.setDelay(0));
      } else if (server !== undefined && f.mode !== undefined) {
        const mode = f.mode as ServerMode;
        during(f, () => server.setMode(mode), () => server.setMode("up"));
      } else if (resolver !== undefined) {
        const bind = (): void => {
          if (dns.transport.endpointAt(resolver.addr) === undefined) dns.transport.bind(resolver.addr, resolver);
        };
        const unbind = (): void => dns.transport.unbind(resolver.addr);
        if (f.mode === "down") during(f, unbind, bind);
        else during(f, bind, bind);
      }
    } else if (f.rbl !== undefined) {
      const server = dns.servers.get(f.rbl);
      const mode = f.mode as DnsblMode;
      if (server !== undefined) during(f, () => server.setDnsblMode(mode), () => server.setDnsblMode("normal"));
    }
  }
}
