/**
 * Building a runnable simulation from a loaded scenario: one kernel, one trace bus,
 * one family of random streams, the network with its hosts and links, the
 * workloads and the fault schedule, and the ledger every message is entered in.
 *
 * The Simulation is a plain record of those parts (SimGrid's "user-facing API"
 * layer in miniature): observers subscribe to `bus`, the CLI and the browser call
 * `kernel.run` / `kernel.step`, and nothing here prints.
 */
import { Kernel, Ledger, RandomStreams, TraceBus } from "../engine";
import { Network } from "../net";
import { startTransfers, type TransferRecord } from "../traffic/transfers";
import { sample } from "./distributions";
import { scheduleFaults } from "./faults";
import { deployDns, SimDns, startScenarioLookups } from "./dns-section";
import type { Scenario } from "./load";
import { deployMail } from "./mail-section";
import { deployDefences } from "./defence-section";
import { scheduleMailFaults } from "./mail-faults";
import type { Mta } from "../mta";
import type { SmtpListeners } from "../smtp";

export interface Simulation {
  scenario: Scenario;
  seed: number | string;
  kernel: Kernel;
  bus: TraceBus;
  rng: RandomStreams;
  net: Network;
  ledger: Ledger;
  /** Simulated seconds to run. */
  duration: number;
  /** Hooks for observers of finished transfers (metrics, latency CDFs). */
  onTransfer: ((r: TransferRecord) => void)[];
  /** DNS: servers, resolvers, each host's stub resolver, the transport (dns-section.ts). */
  dns: SimDns;
  /** MTAs by host name, in scenario order (mail-section.ts). */
  mtas: Map<string, Mta>;
  /** The SMTP servers listening, by host and port. */
  smtp: SmtpListeners | undefined;
}

export function buildSimulation(scenario: Scenario, opts: { seed?: number | string } = {}): Simulation {
  const seed = opts.seed ?? scenario.seed ?? 1;
  const kernel = new Kernel();
  const bus = new TraceBus();
  const rng = new RandomStreams(seed);
  const net = new Network(kernel, bus);
  const ledger = new Ledger();
  const sim: Simulation = { scenario, seed, kernel, bus, rng, net, ledger, duration: scenario.duration, onTransfer: [], dns: new SimDns(kernel, bus, net),
    mtas: new Map(), smtp: undefined };

  for (const [name, h] of Object.entries(scenario.hosts)) {
    const addrs = [...(h.addr ? [h.addr] : []), ...(h.addrs ?? [])];
    net.addHost(name, { addrs, role: h.role, firewall: h.firewall });
  }
  scenario.links.forEach((l, i) => {
    net.addLink(l.between[0], l.between[1], { bandwidth: l.bandwidth, latency: l.latency, name: scenario.linkNames[i] });
  });
  for (const r of scenario.routes ?? []) net.setStaticRoute(r.from, r.to, r.via);
  deployDns(sim);
  deployMail(sim);
  deployDefences(sim);

  scenario.traffic.forEach((t, i) => {
    if (t.kind === "lookups") return startScenarioLookups(sim, t, i);
    if (t.kind !== "transfers") return; // mail workloads are started by deployMail
    const base = `traffic/${i}/${t.kind}`;
    startTransfers(
      `t${i}`,
      { from: t.from, to: t.to, count: t.count ?? Infinity, rate: t.rate, start: t.start ?? 0, size: (s) => sample(t.size, s) },
      { kernel, net, ledger, arrivals: rng.stream(`${base}/arrivals`), sizes: rng.stream(`${base}/sizes`) },
      (r) => sim.onTransfer.forEach((f) => f(r)),
    );
  });
  scheduleFaults(kernel, net, scenario.faults, new Set(scenario.linkNames));
  scheduleMailFaults(sim);
  return sim;
}
