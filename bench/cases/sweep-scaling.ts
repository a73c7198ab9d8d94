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
const config = (p: string, extra = ""): string => `  - name: ${p}\n    set:\n      hosts.relay.mta.profile: ${p}\n${extra}`;
const SWEEP = `name: sweep-scaling\nbase: retry-storm\nreplications: 10\nconfigurations:\n${config("postfix")}${config("qmail")}`;
/**
 * The same 20 runs made four times longer (two days of traffic after the outage, not
 * twelve hours): the per-worker start-up and warm-up weigh a quarter as much. Printed
 * beside the case's figure, to separate what the pool does from what short runs cost.
 */
const LONG = "      duration: 48h\n";
const SWEEP_LONG = `name: sweep-scaling-long\nbase: retry-storm\nreplications: 10\nconfigurations:\n${config("postfix", LONG)}${config("qmail", LONG)}`;

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
 * What a worker costs before its runs go at full speed. Start-up (spawn, loading the build)
 * is the 1-worker pass's wall time not spent inside runs. Warm-up (the JIT compiling while
 * the first runs go) is measured on a fresh worker that runs three jobs and then the same
 * three again: a run is deterministic, so their first times minus their second are the
 * warm-up (the third run of a worker is already warm). Both costs are paid once per worker,
 * by each worker at the same time, so with warm runs taking R in all the best 2 workers can
 * do is (W + R) / (W + R/2): Amdahl's law with the per-worker cost W as the serial part.
 */
async function workerCost(one: Pass, jobs: ReturnType<typeof planSweep>["jobs"]): Promise<{ startup: number; warmup: number; warm: number }> {
  const three = jobs.slice(0, 3);
  const times: number[] = [];
  await runLocal([...three, ...three], 1, (r) => times.push(r.wallMs / 1000));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const warmup = sum(times.slice(0, 3)) - sum(times.slice(3));
  const inside = sum(one.runs.map((r) => r.seconds));
  return { startup: one.seconds - inside, warmup, warm: inside - warmup };
}
const amdahl = (w: number, warm: number): number => (w + warm) / (w + warm / 2);
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
      const cost = await workerCost(one, jobs);
      const w = cost.startup + cost.warmup;
      const long = planSweep(join(dir, "sweep-scaling-long.yaml"), SWEEP_LONG, { resolve: resolveScenario, dir: SCENARIO_DIR }).jobs;
      const oneLong = await timedPass(1, long);
      const twoLong = await timedPass(2, long);
      mem.sample();
      if (oneLong.fps.join() !== twoLong.fps.join()) throw new Error("sweep-scaling: 1 and 2 workers gave different fingerprints (long runs)");
      return {
        value: speedup, unit: "× (1-worker time / 2-worker time)", baseline: 1.8, baselineLabel: "target from issue 8",
        ratio: speedup / 1.8, wallS: one.seconds + two.seconds, peakMB: mem.mb,
        target: "≥ 1.8× with 2 workers", met: speedup >= 1.8,
        extra: {
          runs: jobs.length,
          "1 worker": `${one.seconds.toFixed(2)} s wall${cpuNote(one)}; ${runsNote(one)}`,
          "2 workers": `${two.seconds.toFixed(2)} s wall${cpuNote(two)}; ${runsNote(two)}`,
          "per worker": `${cost.startup.toFixed(2)} s start-up + ${cost.warmup.toFixed(2)} s warm-up (its first three runs beyond the same three run again)`,
          "bound": `${amdahl(w, cost.warm).toFixed(2)}× (the best 2 workers can do with that cost per worker and no contention)`,
          "4× longer runs": `${(oneLong.seconds / twoLong.seconds).toFixed(2)}× (the same 20 runs with 48 h of traffic: 1 worker ${oneLong.seconds.toFixed(2)} s, 2 workers ${twoLong.seconds.toFixed(2)} s; ${runsNote(oneLong)}; bound ${amdahl(w, oneLong.runs.reduce((a, r) => a + r.seconds, 0) - cost.warmup).toFixed(2)}×)`,
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
