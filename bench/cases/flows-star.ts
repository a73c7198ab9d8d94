import type { BenchCase } from "../harness";
import { PeakMemory, timed } from "../harness";
import { runStar } from "../models/flows-star";

/** SimGrid 3.32's C++ core on a comparable case, this machine class (figure from the issue). */
const SIMGRID_S = 17;

const flowsStar: BenchCase = {
  name: "flows-star",
  description: "10,000 flows (lognormal, mean ≈ 100 kB), random pairs of a 100-host star (100 Mbps access), all at t=0",
  run() {
    const mem = new PeakMemory();
    runStar({ hosts: 100, flows: 1000, rate: 0, seed: 2 }); // warm up
    const r = timed(() => runStar({ hosts: 100, flows: 10_000, rate: 0, seed: 1, onProgress: () => mem.sample() }));
    const s = r.result;
    return {
      value: r.seconds, unit: "s", baseline: SIMGRID_S, baselineLabel: "SimGrid 3.32 C++ core, from the issue",
      ratio: SIMGRID_S / r.seconds, wallS: r.seconds, peakMB: mem.mb,
      target: "≤ 2 s wall", met: r.seconds <= 2 && s.completed === 10_000,
      extra: {
        completed: s.completed, makespan: `${s.makespan.toFixed(3)} s simulated`, events: s.events,
        bytes: `${s.bytes} requested, ${s.linkBytes.toFixed(0)} carried`,
      },
    };
  },
};
export default flowsStar;
