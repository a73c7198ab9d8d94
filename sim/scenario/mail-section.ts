/**
 * The mail section: an {@link Mta} on every host with an `mta:` block, and the
 * fault that fills an MTA's spool disk. The section only translates the block
 * (with its defences and addressing, and the lists its `list` workloads post to)
 * into an immutable {@link MtaConfig}; sim/mta builds the MTA's parts from it.
 *
 * Each MTA resolves names with its host's stub resolver (dns-section.ts). A
 * scenario without any DNS still works: names then resolve as /etc/hosts would,
 * from the MTAs' host names to their addresses, with no MX records (so every
 * domain's "MX" is its implicit MX, the host of that name).
 */
import {
  PROFILES, RETRY_LAWS, Mta, parseMailertable, resolveProfile, retrySchedule, withDestinationLimit, withJitter,
  type ConcurrencyModel, type DnsLookup, type LookupResult, type MtaConfig, type RetryLawName, type RetrySchedule,
} from "../mta";
import { RFC5321_TIMEOUTS, SmtpListeners } from "../smtp";
import { addressingConfig } from "./addressing-section";
import { defenceConfig } from "./defence-section";
import { mtaFaultKind } from "./faults";
import { checkMailSection } from "./mail-check";
import { mailFormat, type MtaBlock } from "./mail-schema";
import type { Simulation } from "./model";
import type { Section } from "./section";
import { listExpansions } from "./traffic-section";

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

/** `destinationConcurrency` caps the profile's per-destination window (checked in mail-check.ts). */
function destinationConcurrency(b: MtaBlock): { concurrency?: ConcurrencyModel } {
  const c = b.destinationConcurrency === undefined ? undefined : withDestinationLimit(PROFILES[b.profile].concurrency, b.destinationConcurrency);
  return c === undefined ? {} : { concurrency: c };
}

/** The MTA configuration of `host` from its `mta:` block. */
function mtaConfig(sim: Simulation, host: string, b: MtaBlock): MtaConfig {
  const profile = resolveProfile(b.profile, {
    ...(b.messageSizeLimit !== undefined ? { messageSizeLimit: b.messageSizeLimit } : {}),
    ...(b.hopLimit !== undefined ? { hopLimit: b.hopLimit } : {}),
    ...(b.connectTimeout !== undefined ? { connectTimeout: b.connectTimeout } : {}),
    ...destinationConcurrency(b),
  });
  let retry = retryOf(b, profile.retry);
  if (b.jitter !== undefined) retry = withJitter(retry, sim.rng.stream(`mta/${host}/jitter`), b.jitter);
  const hostname = mtaHostname(host, b);
  const localDomains = b.domains.map((d) => d.toLowerCase());
  const addressing = addressingConfig(b, { hostname, localDomains });
  const lists = listExpansions(sim.scenario, host, hostname);
  const expansions = [...(addressing.expansions ?? []), ...lists];
  return {
    host, hostname, profile, retry, localDomains, mailboxes: b.mailboxes,
    mailertable: b.mailertable === undefined ? undefined : parseMailertable(b.mailertable).table,
    smartHost: b.smartHost, localRelay: b.localRelay, fallbackMx: b.fallbackMx,
    relayDomains: b.relayDomains?.map((d) => d.toLowerCase()), relayClients: b.relayClients, spoolLimit: b.spoolLimit,
    timeouts: { ...RFC5321_TIMEOUTS, connect: profile.connectTimeout > 0 ? profile.connectTimeout : RFC5321_TIMEOUTS.connect },
    ...defenceConfig(b),
    ...addressing,
    expansions: expansions.length > 0 ? expansions : undefined,
  };
}

/** Create every MTA. */
function deployMail(sim: Simulation): void {
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
    const stub = sim.dns.stub(host);
    if (b.dnsblCheck !== undefined && stub === undefined) throw new Error(`hosts.${host}.mta.dnsblCheck: the host has no resolver to ask`);
    const mta = new Mta(
      { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners, ledger: sim.ledger, dns: stub ?? etcHosts,
        mxStream: sim.rng.stream(`mta/${host}/mx-shuffle`), statusStream: sim.rng.stream(`mta/${host}/host-status`),
        dnsbl: stub, directories: sim.directories },
      mtaConfig(sim, host, b),
    );
    sim.mtas.set(host, mta);
  }
}

export const mailSection: Section = {
  name: "mail",
  format: mailFormat,
  check: checkMailSection,
  deploy: deployMail,
  faults: [
    mtaFaultKind("spool", (mta, f) => {
      const full = f.full;
      return full === undefined ? undefined : { apply: () => mta.setDiskFull(full), undo: () => mta.setDiskFull(!full) };
    }),
  ],
};
