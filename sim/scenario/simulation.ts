/**
 * Building a runnable simulation from a loaded scenario: one kernel, one trace bus,
 * one family of random streams, the network, and the ledger every message is
 * entered in; then every section of the table builds its models (in table order),
 * the workloads start (in the order they are written), and the fault schedule is
 * put on the clock (faults.ts).
 */
import { Kernel, Ledger, RandomStreams, TraceBus } from "../engine";
import { Network } from "../net";
import { scheduleFaults } from "./faults";
import type { Scenario, Simulation } from "./model";
import { FAULT_KINDS, SECTIONS } from "./sections";
import { SimDns } from "./sim-dns";

export type { Simulation } from "./model";

export function buildSimulation(scenario: Scenario, opts: { seed?: number | string } = {}): Simulation {
  const seed = opts.seed ?? scenario.seed ?? 1;
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  const sim: Simulation = {
    scenario, seed, kernel, bus, rng: new RandomStreams(seed), net, ledger: new Ledger(), duration: scenario.duration, onTransfer: [],
    dns: new SimDns(kernel, bus, net), mtas: new Map(), smtp: undefined, directories: new Map(), mailAccess: new Map(),
  };
  for (const s of SECTIONS) s.deploy?.(sim);
  const starters = new Map<string, (t: Scenario["traffic"][number], i: number) => void>();
  for (const s of SECTIONS) for (const [kind, start] of Object.entries(s.workloads?.(sim) ?? {})) starters.set(kind, start);
  scenario.traffic.forEach((t, i) => {
    const start = starters.get(t.kind);
    if (start === undefined) throw new Error(`traffic[${i}]: no section starts ${t.kind} workloads`);
    start(t, i);
  });
  scheduleFaults(sim, FAULT_KINDS);
  return sim;
}
