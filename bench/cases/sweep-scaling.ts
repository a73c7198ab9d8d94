import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { startRedis } from "../../scripts/loopback-server";
import { resolveScenario, SCENARIO_DIR } from "../../sim/cli/main";
import { planSweep } from "../../sim/cli/sweep/command";
import { runLocal } from "../../sim/cli/sweep/local";
import { runOnQueue } from "../../sim/cli/sweep/queue";
import type { RunJob, RunRecord } from "../../sim/cli/sweep/run-task";

/**
 * 20 runs of the bundled retry-law sweep (scenarios/sweeps/retry-storm.yaml: the day with
 * its 6-hour outage, here with 48 h of traffic so that each run takes over a second; 2 laws
 * × 10 replications) on 1 worker process, then on 2: the speed-up of the pool. Each run is
 * independent and CPU-bound, so 2 workers on 2 free cores should take ≈ half the time; the
 * target is ≥ 1.8×. Then the same 20 runs through BullMQ on a private loopback Redis server,
 * taken by one and then two `mxsim worker` processes (target ≥ 1.7×). Every pass must give
 * the same fingerprints. Each local pass starts its own pool, as `mxsim sweep` does, so
 * process start-up and warm-up are part of what is timed; the queue's workers are started
 * and ready before their pass, as on a cluster, and warm up inside it.
 * (A figure, not a timed test: other load on the machine lowers it.)
 */
const config = (p: string): string => `  - name: ${p}\n    set:\n      hosts.relay.mta.profile: ${p}\n      duration: 48h\n`;
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
async function timedPass(workers: number, jobs: RunJob[], via: (jobs: RunJob[], onResult: (r: RunRecord) => void) => Promise<void> =
  (j, on) => runLocal(j, workers, on)): Promise<Pass> {
  const out: RunRecord[] = [];
  const t0 = performance.now(), c0 = childrenCpu();
  await via(jobs, (r) => out.push(r));
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
async function workerCost(one: Pass, jobs: RunJob[]): Promise<{ startup: number; warmup: number; warm: number }> {
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

/** The `mxsim` command, from the repository this module belongs to (sources or bundle). */
function mxsimBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "bin/mxsim.js"))) {
    if (dirname(dir) === dir) throw new Error("sweep-scaling: cannot find bin/mxsim.js");
    dir = dirname(dir);
  }
  return join(dir, "bin/mxsim.js");
}

/** Start `count` `mxsim worker` processes (one worker process each) on the queue; resolves when all are ready. */
async function startQueueWorkers(url: string, queue: string, count: number): Promise<ChildProcess[]> {
  const procs = Array.from({ length: count }, () =>
    spawn(process.execPath, [mxsimBin(), "worker", "--queue", url, "--queue-name", queue, "--workers", "1"], { stdio: ["ignore", "ignore", "pipe"] }));
  await Promise.all(procs.map((p) => new Promise<void>((resolve, reject) => {
    let log = "";
    p.stderr?.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("ready on")) resolve();
    });
    p.once("exit", (code) => reject(new Error(`sweep-scaling: mxsim worker exited with ${code}: ${log}`)));
  })));
  return procs;
}

/** The 20 runs through BullMQ, taken by `count` fresh `mxsim worker` processes. */
async function queuePass(url: string, count: number, jobs: RunJob[]): Promise<Pass> {
  const queue = `bench-sweep-${process.pid}-${count}`;
  const procs = await startQueueWorkers(url, queue, count);
  try {
    return await timedPass(count, jobs, (j, on) => runOnQueue(url, queue, j, on));
  } finally {
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null) return resolve();
      p.once("exit", () => resolve());
      p.kill("SIGTERM");
    })));
  }
}

const sweepScaling: BenchCase = {
  name: "sweep-scaling",
  description: "a sweep of 20 runs (retry-storm with 48 h of traffic, 6 h outage; postfix and qmail × 10 seeds) on 2 worker processes vs 1, locally and through BullMQ",
  async run() {
    const mem = new PeakMemory();
    const dir = mkdtempSync(join(tmpdir(), "mxsim-bench-sweep-"));
    const redis = await startRedis();
    try {
      const { jobs } = planSweep(join(dir, "sweep-scaling.yaml"), SWEEP, { resolve: resolveScenario, dir: SCENARIO_DIR });
      await runLocal(jobs.slice(0, 2), 2, () => undefined); // warm-up: file caches
      const one = await timedPass(1, jobs);
      mem.sample();
      const two = await timedPass(2, jobs);
      mem.sample();
      const cost = await workerCost(one, jobs);
      const w = cost.startup + cost.warmup;
      const q1 = await queuePass(redis.url, 1, jobs);
      const q2 = await queuePass(redis.url, 2, jobs);
      mem.sample();
      for (const [name, p] of [["2 workers", two], ["queue, 1 worker", q1], ["queue, 2 workers", q2]] as const) {
        if (p.fps.join() !== one.fps.join()) throw new Error(`sweep-scaling: ${name} gave other fingerprints than 1 worker`);
      }
      const speedup = one.seconds / two.seconds;
      const queued = q1.seconds / q2.seconds;
      const shortest = Math.min(...one.runs.map((r) => r.seconds));
      return {
        value: speedup, unit: "× (1-worker time / 2-worker time)", baseline: 1.8, baselineLabel: "the target: 2 workers on 2 cores",
        ratio: speedup / 1.8, wallS: one.seconds + two.seconds, peakMB: mem.mb,
        target: "≥ 1.8× with 2 worker processes, ≥ 1.7× with 2 mxsim workers on BullMQ", met: speedup >= 1.8 && queued >= 1.7 && shortest >= 1,
        extra: {
          runs: `${jobs.length}, each ${shortest.toFixed(2)} s or more`,
          "1 worker": `${one.seconds.toFixed(2)} s wall${cpuNote(one)}; ${runsNote(one)}`,
          "2 workers": `${two.seconds.toFixed(2)} s wall${cpuNote(two)}; ${runsNote(two)}`,
          "per worker": `${cost.startup.toFixed(2)} s start-up + ${cost.warmup.toFixed(2)} s warm-up (its first three runs beyond the same three run again)`,
          "bound": `${amdahl(w, cost.warm).toFixed(2)}× (the best 2 workers can do with that cost per worker and no contention)`,
          "BullMQ": `${queued.toFixed(2)}× (1 mxsim worker ${q1.seconds.toFixed(2)} s, 2 mxsim workers ${q2.seconds.toFixed(2)} s; ${runsNote(q2)})`,
          cores: String(availableParallelism()),
          // Other processes' load lowers the figure: with load ≥ cores, 2 workers cannot get 2 cores.
          load: `${loadavg().map((x) => x.toFixed(1)).join(" ")} (1/5/15-min load average at the end)`,
        },
      };
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default sweepScaling;
