import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { resolveScenario, SCENARIO_DIR } from "../../sim/cli/main";
import { planSweep } from "../../sim/cli/sweep/command";
import { runLocal } from "../../sim/cli/sweep/local";
import type { RunRecord } from "../../sim/cli/sweep/run-task";

/**
 * 20 runs of a sweep (the retry-storm scenario shortened to 4 h: 2 laws × 10
 * replications) on 1 worker thread, then on 2: the speed-up of the pool. Each run is
 * independent and CPU-bound, so 2 threads on 2 free cores should take ≈ half the
 * time; the target is ≥ 1.8×. (A figure, not a timed test: other load on the
 * machine lowers it.) Both passes must give identical fingerprints.
 */
const config = (p: string): string =>
  `  - name: ${p}\n    set:\n      hosts.relay.mta.profile: ${p}\n      duration: 4h\n      faults[0].at: 1h\n      faults[0].for: 2h\n`;
const SWEEP = `name: sweep-scaling\nbase: retry-storm\nreplications: 10\nconfigurations:\n${config("postfix")}${config("qmail")}`;

/** One pass: wall seconds, CPU seconds of this process (all its threads), fingerprints in key order. */
async function timedPass(workers: number, jobs: ReturnType<typeof planSweep>["jobs"]): Promise<{ seconds: number; cpu: number; fps: string[] }> {
  const out: RunRecord[] = [];
  const t0 = performance.now(), c0 = process.cpuUsage();
  await runLocal(jobs, workers, (r) => out.push(r));
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { seconds, cpu: (c.user + c.system) / 1e6, fps: out.sort((a, b) => a.key.localeCompare(b.key)).map((r) => r.fingerprint) };
}

const sweepScaling: BenchCase = {
  name: "sweep-scaling",
  description: "a sweep of 20 runs (retry-storm, 4 h) on 2 worker threads vs 1",
  async run() {
    const mem = new PeakMemory();
    const dir = mkdtempSync(join(tmpdir(), "mxsim-bench-sweep-"));
    try {
      const { jobs } = planSweep(join(dir, "sweep-scaling.yaml"), SWEEP, { resolve: resolveScenario, dir: SCENARIO_DIR });
      await runLocal(jobs.slice(0, 2), 2, () => undefined); // warm-up: thread start, tsx compile cache
      const one = await timedPass(1, jobs);
      mem.sample();
      const two = await timedPass(2, jobs);
      mem.sample();
      if (one.fps.join() !== two.fps.join()) throw new Error("sweep-scaling: 1 and 2 workers gave different fingerprints");
      const speedup = one.seconds / two.seconds;
      return {
        value: speedup, unit: "× (1-worker time / 2-worker time)", baseline: 1.8, baselineLabel: "target from issue 8",
        ratio: speedup / 1.8, wallS: one.seconds + two.seconds, peakMB: mem.mb,
        target: "≥ 1.8× with 2 workers", met: speedup >= 1.8,
        extra: {
          runs: jobs.length,
          "1 worker": `${one.seconds.toFixed(2)} s wall, ${one.cpu.toFixed(2)} s CPU`,
          "2 workers": `${two.seconds.toFixed(2)} s wall, ${two.cpu.toFixed(2)} s CPU (${(two.cpu / two.seconds).toFixed(2)} cores busy on average)`,
          cores: String(availableParallelism()),
          // Other processes' load lowers the figure: with load ≥ cores, 2 threads cannot get 2 cores.
          load: `${loadavg().map((x) => x.toFixed(1)).join(" ")} (1/5/15-min load average at the end)`,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default sweepScaling;
