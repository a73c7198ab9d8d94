import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { runStar, starPlan } from "../models/flows-star";
import { interleaved, peerFigure, runPeer, SIMGRID } from "../peers";

/**
 * A flows-star case: 10,000 flows on the 100-host star, started all at t = 0 (rate 0)
 * or as a Poisson process, against SimGrid's flow model on the very same flows (the
 * plan, drawn from mxsim's streams, is handed to bench/peers/simgrid_star.py), in the
 * same run. Both solve max-min sharing without TCP corrections, so the makespans must
 * agree as well: printed beside the times.
 */
export function starCase(name: string, rate: number, simgridTypedInS: number, targetS: number): BenchCase {
  return {
    name,
    description: `10,000 flows (lognormal, mean ≈ 100 kB), random pairs of a 100-host star (100 Mbps access), ${rate === 0 ? "all at t=0" : `Poisson starts at ${rate}/s`}`,
    run() {
      const mem = new PeakMemory();
      runStar({ hosts: 100, flows: 1000, rate, seed: 2 }); // warm up
      const opts = { hosts: 100, flows: 10_000, rate, seed: 1 };
      const dir = mkdtempSync(join(tmpdir(), "mxsim-bench-star-"));
      const planFile = join(dir, "plan.json");
      writeFileSync(planFile, JSON.stringify({ hosts: opts.hosts, flows: starPlan(opts) }));
      try {
        // SimGrid's t = 0 case takes ≈ 15 s a run on this machine class: two interleaved runs each.
        const r = interleaved(2, () => runStar({ ...opts, onProgress: () => mem.sample() }), SIMGRID, () => runPeer("simgrid_star.py", [planFile]));
        const s = r.ours.result;
        const simgrid = peerFigure(SIMGRID, r.peer, (x) => x, simgridTypedInS, "the same 10,000 flows");
        return {
          value: r.ours.seconds, unit: "s", baseline: simgrid.value, baselineLabel: simgrid.label,
          ratio: simgrid.value / r.ours.seconds, wallS: r.ours.seconds, peakMB: mem.mb,
          target: `≤ ${targetS} s wall`, met: r.ours.seconds <= targetS && s.completed === 10_000,
          extra: {
            completed: s.completed,
            makespan: `${s.makespan.toFixed(6)} s simulated` + (r.peer.measured ? `; SimGrid ${Number(r.peer.last.makespan).toFixed(6)} s` : ""),
            events: s.events,
            bytes: `${s.bytes} requested, ${s.linkBytes.toFixed(0)} carried`,
          },
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default starCase("flows-star", 0, 17, 2);
