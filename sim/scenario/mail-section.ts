/**
 * Building the mail system of a scenario: an {@link Mta} on every host with an
 * `mta:` block, and the `users` workloads that submit mail to them.
 *
 * Each MTA resolves names with its host's stub resolver (dns-section.ts). A
 * scenario without any DNS still works: names then resolve as /etc/hosts would,
 * from the MTAs' host names to their addresses, with no MX records (so every
 * domain's "MX" is its implicit MX, the host of that name).
 */
import { PROFILES, RETRY_LAWS, Mta, type ConcurrencyModel, parseMailertable, resolveProfile, retrySchedule, withJitter, type DnsLookup, type LookupResult, type RetryLawName, type RetrySchedule } from "../mta";
import { RFC5321_TIMEOUTS, SmtpListeners } from "../smtp";
import { startMailWorkloads } from "./traffic-section";
import type { MtaBlock } from "./mail-schema";
import type { Simulation } from "./simulation";

/** The fully qualified name an MTA host goes by. */
export function mtaHostname(host: string, block: MtaBlock): string {
  if (block.hostname !== undefined) return block.hostname.toLowerCase();
  return block.domains.length > 0 && !host.includes(".") ? `${host}.${block.domains[0]}` : host;
}

/** /etc/hosts for a scenario without DNS: host names to addresses, no MX. */
function hostsFile(sim: Simulation, names: Map<string, string>): DnsLookup {
  return {
    lookup(name: string, type: "MX" | "A", cb: (r: LookupResult) => void): void {
      const addr = names.get(name.toLowerCase());
      const r: LookupResult = addr === undefined ? { rcode: "NXDOMAIN", answers: [] }
        : type === "A" ? { rcode: "NOERROR", answers: [{ name, type: "A", data: addr }] } : { rcode: "NOERROR", answers: [] };
      sim.kernel.schedule(0, () => cb(r));
    },
  };
}

function retryOf(block: MtaBlock, profileLaw: { law: RetryLawName; params?: object }): RetrySchedule {
  const spec = block.retry ?? profileLaw;
  const law = spec.law as RetryLawName;
  if (RETRY_LAWS[law] === undefined) throw new Error(`unknown retry law ${law}`);
  return retrySchedule(law, (spec.params ?? {}) as never);
}

/** `destinationConcurrency` caps Postfix's per-destination window (and its starting value). */
function destinationConcurrency(b: MtaBlock): { concurrency?: ConcurrencyModel } {
  const base = PROFILES[b.profile].concurrency;
  const n = b.destinationConcurrency;
  if (n === undefined || base.kind !== "postfix-feedback") return {};
  return { concurrency: { ...base, limit: n, initial: Math.min(base.initial, n) } };
}

/** Create every MTA and start the users workloads. */
export function deployMail(sim: Simulation): void {
  const s = sim.scenario;
  const listeners = new SmtpListeners(sim.net);
  sim.smtp = listeners;
  const names = new Map<string, string>();
  for (const [host, h] of Object.entries(s.hosts)) {
    const addr = h.addr ?? h.addrs?.[0];
    if (h.mta !== undefined && addr !== undefined) names.set(mtaHostname(host, h.mta), addr);
  }
  const etcHosts = hostsFile(sim, names);
  for (const [host, h] of Object.entries(s.hosts)) {
    const b = h.mta;
    if (b === undefined) continue;
    const profile = resolveProfile(b.profile, {
      ...(b.messageSizeLimit !== undefined ? { messageSizeLimit: b.messageSizeLimit } : {}),
      ...(b.hopLimit !== undefined ? { hopLimit: b.hopLimit } : {}),
      ...(b.connectTimeout !== undefined ? { connectTimeout: b.connectTimeout } : {}),
      ...destinationConcurrency(b),
    });
    let retry = retryOf(b, profile.retry);
    if (b.jitter !== undefined) retry = withJitter(retry, sim.rng.stream(`mta/${host}/jitter`), b.jitter);
    const dns = sim.dns.stub(host) ?? etcHosts;
    const mta = new Mta(
      { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners, ledger: sim.ledger, dns,
        mxStream: sim.rng.stream(`mta/${host}/mx-shuffle`), statusStream: sim.rng.stream(`mta/${host}/host-status`) },
      {
        host, hostname: mtaHostname(host, b), profile, retry,
        localDomains: b.domains.map((d) => d.toLowerCase()), mailboxes: b.mailboxes,
        mailertable: b.mailertable === undefined ? undefined : parseMailertable(b.mailertable).table,
        smartHost: b.smartHost, localRelay: b.localRelay, fallbackMx: b.fallbackMx,
        relayDomains: b.relayDomains?.map((d) => d.toLowerCase()), relayClients: b.relayClients, spoolLimit: b.spoolLimit,
        timeouts: { ...RFC5321_TIMEOUTS, connect: profile.connectTimeout > 0 ? profile.connectTimeout : RFC5321_TIMEOUTS.connect },
      },
    );
    sim.mtas.set(host, mta);
  }
  startMailWorkloads(sim);
}
