/**
 * The flows-star workload: N hosts, each on its own access link to a central
 * switch, and F transfers between random host pairs with lognormal sizes
 * (mean ≈ 100 kB: median 100 kB·e^(−σ²/2), σ = 1), started all at t = 0 or as a
 * Poisson process. Every transfer crosses two constraints (the source's uplink
 * and the destination's downlink), so max-min levels differ per host pair and a
 * completion can shift the rates of many flows: the hard case for a flow solver.
 */
import { Kernel, RandomStreams, TraceBus } from "../../sim/engine";
import { Network } from "../../sim/net";

export interface StarResult {
  completed: number;
  makespan: number;
  bytes: number;
  /** Bytes counted on the access links / 2 (each transfer crosses two): must equal `bytes`. */
  linkBytes: number;
  events: number;
}

/** One planned transfer: source and destination host indices, size in bytes, start time in seconds. */
export interface StarFlow {
  a: number;
  b: number;
  size: number;
  at: number;
}

export interface StarOptions {
  hosts: number;
  flows: number;
  /** Arrival rate per second, or 0 for all at t = 0. */
  rate: number;
  seed: number;
}

/** The transfers of a run, drawn from the named streams (each quantity from its own stream, so the plan is the run's). */
export function starPlan(opts: StarOptions): StarFlow[] {
  const streams = new RandomStreams(opts.seed);
  const pick = streams.stream("bench/star/pairs");
  const size = streams.stream("bench/star/sizes");
  const arrivals = streams.stream("bench/star/arrivals");
  const sigma = 1;
  const median = 100_000 * Math.exp(-(sigma * sigma) / 2);
  const plan: StarFlow[] = [];
  let t = 0;
  for (let i = 0; i < opts.flows; i++) {
    const a = pick.int(opts.hosts);
    const b = (a + 1 + pick.int(opts.hosts - 1)) % opts.hosts;
    const s = Math.max(1, Math.round(size.lognormal(median, sigma)));
    if (opts.rate > 0) t += arrivals.exponential(opts.rate);
    plan.push({ a, b, size: s, at: t });
  }
  return plan;
}

export function runStar(opts: StarOptions & { onProgress?: () => void }): StarResult {
  const kernel = new Kernel();
  const net = new Network(kernel, new TraceBus());
  net.addHost("switch");
  for (let i = 0; i < opts.hosts; i++) {
    net.addHost(`h${i}`);
    net.addLink(`h${i}`, "switch", { bandwidth: 100e6, latency: 0.0005 });
  }
  let completed = 0;
  let bytes = 0;
  let makespan = 0;
  for (const { a, b, size: s, at } of starPlan(opts)) {
    bytes += s;
    const start = (): void => {
      net.transfer(`h${a}`, `h${b}`, s, (o) => {
        if (!o.ok) throw new Error(`flows-star: transfer failed: ${o.reason}`);
        completed++;
        makespan = kernel.now;
        if ((completed & 1023) === 0 && opts.onProgress) opts.onProgress();
      });
    };
    if (at === 0) start();
    else kernel.at(at, start);
  }
  kernel.run();
  let linkBytes = 0;
  for (const l of net.links) linkBytes += net.linkStats(l.name).bytes;
  return { completed, makespan, bytes, linkBytes: linkBytes / 2, events: kernel.eventsFired };
}
