import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { resolveScenario, SCENARIO_DIR } from "../../sim/cli/main";
import { planSweep } from "../../sim/cli/sweep/command";
import { runLocal } from "../../sim/cli/sweep/local";
import type { RunRecord } from "../../sim/cli/sweep/run-task";

/**
 * 20 runs of the bundled retry-law sweep (scenarios/sweeps/retry-storm.yaml: the
 * 12-hour day with its 6-hour outage, here 2 laws × 10 replications) on 1 worker
 * process, then on 2: the speed-up of the pool. Each run is independent and
 * CPU-bound, so 2 workers on 2 free cores should take ≈ half the time; the target
 * is ≥ 1.8×. (A figure, not a timed test: other load on the machine lowers it.)
 * Both passes must give identical fingerprints. Each pass starts its own pool, as
 * `mxsim sweep` does, so process start-up and warm-up are part of what is timed.
 */
const config = (p: string): string => `  - name: ${p}\n    set:\n      hosts.relay.mta.profile: ${p}\n`;
const SWEEP = `name: sweep-scaling\nbase: retry-storm\nreplications: 10\nconfigurations:\n${config("postfix")}${config("qmail")}`;

/**
 * CPU seconds of the finished child processes (the workers, once the pool has
 * shut them down and they were waited for): cutime + cstime of /proc/self/stat,
 * in clock ticks of 1/100 s. NaN where there is no /proc (the figure is then not printed).
 */
function childrenCpu(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from the 3rd on
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

interface Pass {
  seconds: number;
  cpu: number;
  /** Each run's configuration and own wall time inside its worker, in the order the runs finished. */
  runs: { config: string; seconds: number }[];
  fps: string[];
}

/** One pass: wall seconds, CPU seconds of its worker processes, fingerprints in key order. */
async function timedPass(workers: number, jobs: ReturnType<typeof planSweep>["jobs"]): Promise<Pass> {
  const out: RunRecord[] = [];
  const t0 = performance.now(), c0 = childrenCpu();
  await runLocal(jobs, workers, (r) => out.push(r));
  const seconds = (performance.now() - t0) / 1000;
  const runs = out.map((r) => ({ config: r.config, seconds: r.wallMs / 1000 }));
  return { seconds, cpu: childrenCpu() - c0, runs, fps: out.sort((a, b) => a.key.localeCompare(b.key)).map((r) => r.fingerprint) };
}

/**
 * What a worker costs before its runs go at full speed, read off the 1-worker pass (one
 * process, runs in order): start-up (spawn, loading the build: the pass's wall time not
 * spent inside runs) and warm-up (the JIT compiling as the first runs go: their time
 * beyond the median run of their configuration). Both are paid once per worker, by each
 * worker at the same time, so with warm runs taking R in all the best 2 workers can do is
 * (W + R) / (W + R/2): Amdahl's law with the per-worker cost W as the serial part.
 */
function workerCost(p: Pass): { startup: number; warmup: number; bound: number } {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const byConfig = new Map<string, number[]>();
  for (const r of p.runs) byConfig.set(r.config, [...(byConfig.get(r.config) ?? []), r.seconds]);
  const typical = new Map([...byConfig].map(([c, xs]) => [c, median(xs)]));
  const startup = p.seconds - p.runs.reduce((a, r) => a + r.seconds, 0);
  const warmup = p.runs.reduce((a, r) => a + Math.max(0, r.seconds - typical.get(r.config)!), 0);
  const w = startup + warmup, warm = p.runs.reduce((a, r) => a + typical.get(r.config)!, 0);
  return { startup, warmup, bound: (w + warm) / (w + warm / 2) };
}
const cpuNote = (p: { seconds: number; cpu: number }): string =>
  Number.isNaN(p.cpu) ? "" : `, ${p.cpu.toFixed(2)} s CPU in the workers (${(p.cpu / p.seconds).toFixed(2)} cores busy on average)`;
/** Where a pass's time went: the runs' own wall times, summed, and the median run. */
const runsNote = (p: Pass): string => {
  const xs = p.runs.map((r) => r.seconds).sort((a, b) => a - b);
  return `${xs.reduce((a, b) => a + b, 0).toFixed(2)} s inside runs, median run ${xs[Math.floor(xs.length / 2)].toFixed(3)} s`;
};

const sweepScaling: BenchCase = {
  name: "sweep-scaling",
  description: "a sweep of 20 runs (retry-storm: 12 h, 6 h outage; postfix and qmail × 10 seeds) on 2 worker processes vs 1",
  async run() {
    const mem = new PeakMemory();
    const dir = mkdtempSync(join(tmpdir(), "mxsim-bench-sweep-"));
    try {
      const { jobs } = planSweep(join(dir, "sweep-scaling.yaml"), SWEEP, { resolve: resolveScenario, dir: SCENARIO_DIR });
      await runLocal(jobs.slice(0, 2), 2, () => undefined); // warm-up: file caches
      const one = await timedPass(1, jobs);
      mem.sample();
      const two = await timedPass(2, jobs);
      mem.sample();
      if (one.fps.join() !== two.fps.join()) throw new Error("sweep-scaling: 1 and 2 workers gave different fingerprints");
      const speedup = one.seconds / two.seconds;
      const cost = workerCost(one);
      return {
        value: speedup, unit: "× (1-worker time / 2-worker time)", baseline: 1.8, baselineLabel: "target from issue 8",
        ratio: speedup / 1.8, wallS: one.seconds + two.seconds, peakMB: mem.mb,
        target: "≥ 1.8× with 2 workers", met: speedup >= 1.8,
        extra: {
          runs: jobs.length,
          "1 worker": `${one.seconds.toFixed(2)} s wall${cpuNote(one)}; ${runsNote(one)}`,
          "2 workers": `${two.seconds.toFixed(2)} s wall${cpuNote(two)}; ${runsNote(two)}`,
          "per worker": `${cost.startup.toFixed(2)} s start-up + ${cost.warmup.toFixed(2)} s warm-up (the first runs' time beyond their configuration's median run)`,
          "bound": `${cost.bound.toFixed(2)}× (the best 2 workers can do with that cost per worker and no contention)`,
          cores: String(availableParallelism()),
          // Other processes' load lowers the figure: with load ≥ cores, 2 workers cannot get 2 cores.
          load: `${loadavg().map((x) => x.toFixed(1)).join(" ")} (1/5/15-min load average at the end)`,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default sweepScaling;
