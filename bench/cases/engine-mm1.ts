import type { BenchCase } from "../harness";
import { best, PeakMemory } from "../harness";
import { mm1Floor, mm1OnKernel } from "../models/mm1";
import { interleaved, peerFigure, runPeer, SIMPY } from "../peers";

const CUSTOMERS = 2_000_000;
/** SimPy runs a tenth as many customers (≈ 120,000 a second): its figure is a rate, like ours. */
const SIMPY_CUSTOMERS = 200_000;
/** SimPy's M/M/1 as measured once on this machine class (customers/s); printed only when SimPy is not installed. */
const SIMPY_MM1_TYPED_IN = 118_000;


/**
 * `queues` M/M/1 queues (λ = 0.9, μ = 1) through the kernel's public API, against the same
 * model on a minimal typed-array binary heap written in the bench (the floor).
 */
export function floorCase(c: { name: string; description: string; queues: number; minRate: number; simpy?: boolean }): BenchCase {
  return {
    name: c.name,
    description: c.description,
    run() {
      const mem = new PeakMemory();
      mm1OnKernel(c.queues, 0.9, 1, 200_000); // warm up both paths
      mm1Floor(c.queues, 0.9, 1, 200_000);
      const ours = (): ReturnType<typeof mm1OnKernel> => mm1OnKernel(c.queues, 0.9, 1, CUSTOMERS);
      const both = c.simpy ? interleaved(3, ours, SIMPY, () => runPeer("simpy_mm1.py", [SIMPY_CUSTOMERS])) : undefined;
      const k = both?.ours ?? best(3, ours);
      mem.sample();
      const f = best(3, () => mm1Floor(c.queues, 0.9, 1, CUSTOMERS));
      mem.sample();
      const value = CUSTOMERS / k.seconds;
      const floor = CUSTOMERS / f.seconds;
      const ratio = value / floor;
      const simpy = both ? peerFigure(SIMPY, both.peer, (s) => SIMPY_CUSTOMERS / s, SIMPY_MM1_TYPED_IN, "the same M/M/1") : undefined;
      return {
        ...(simpy ? { peer: { label: simpy.label, value: simpy.value, ratio: value / simpy.value } } : {}),
        value, unit: "customers/s", baseline: floor, baselineLabel: "typed-array heap floor, same run",
        ratio, wallS: k.seconds, peakMB: mem.mb,
        target: `≥ 0.5× the floor and ≥ ${c.minRate / 1e6} M customers/s`, met: ratio >= 0.5 && value >= c.minRate,
        extra: {
          ...(c.queues === 1 ? { W: `${k.result.meanTimeInSystem.toFixed(3)} (theory 1/(μ−λ) = 10)` } : {}),
          events: k.result.events,
        },
      };
    },
  };
}

export default floorCase({
  name: "engine-mm1",
  description: "2,000,000 M/M/1 customers (λ=0.9, μ=1) through the kernel vs a minimal typed-array heap loop",
  queues: 1,
  minRate: 2e6,
  simpy: true,
});
