import type { BenchCase } from "../harness";
import { PeakMemory, best } from "../harness";
import { runStar } from "../models/flows-star";

/**
 * A flows-star case: 10,000 flows on the 100-host star, started all at t = 0 (rate 0)
 * or as a Poisson process, against SimGrid 3.32's C++ core on a comparable case on
 * this machine class (the figures from the foundation issue).
 */
export function starCase(name: string, rate: number, simgridS: number, targetS: number): BenchCase {
  return {
    name,
    description: `10,000 flows (lognormal, mean ≈ 100 kB), random pairs of a 100-host star (100 Mbps access), ${rate === 0 ? "all at t=0" : `Poisson starts at ${rate}/s`}`,
    run() {
      const mem = new PeakMemory();
      runStar({ hosts: 100, flows: 1000, rate, seed: 2 }); // warm up
      // Best of 3, as for the engine cases: the run least disturbed by other work on the machine.
      const r = best(3, () => runStar({ hosts: 100, flows: 10_000, rate, seed: 1, onProgress: () => mem.sample() }));
      const s = r.result;
      return {
        value: r.seconds, unit: "s", baseline: simgridS, baselineLabel: "SimGrid 3.32 C++ core, from the issue",
        ratio: simgridS / r.seconds, wallS: r.seconds, peakMB: mem.mb,
        target: `≤ ${targetS} s wall`, met: r.seconds <= targetS && s.completed === 10_000,
        extra: {
          completed: s.completed, makespan: `${s.makespan.toFixed(3)} s simulated`, events: s.events,
          bytes: `${s.bytes} requested, ${s.linkBytes.toFixed(0)} carried`,
        },
      };
    },
  };
}

export default starCase("flows-star", 0, 17, 2);
