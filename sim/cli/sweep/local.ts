/**
 * Running a sweep's runs on this machine, in parallel, one process per core.
 *
 * The pool is tinypool's (a well-kept pool, the one vitest grew up on: task
 * queueing, a fixed number of workers, clean shutdown) in its child-process
 * runtime, each child running runJob (run-task.ts) from the command's production
 * build (pool-worker.mjs loads it; bin/bundle.mjs makes it). A
 * simulation is single-threaded and CPU-bound, so N children run N runs at once.
 * Runs are queued in order, and each record is passed to `onResult` (which saves
 * it) the moment it arrives, so a sweep killed midway keeps every run that
 * finished (and its children, losing their IPC channel, exit).
 *
 * Why processes and not worker threads: V8 gives every isolate helper threads, a
 * parallel and concurrent garbage collector and a background optimising compiler.
 * For one simulation on an idle machine they are free speed; in a sweep every core
 * already runs a simulation, and the collector's helpers, busy all along, only
 * steal time from them. V8's flags are per process (a worker thread cannot have its
 * own, and changing them in a running process crashes V8's concurrent marker), so
 * each worker is a process started with `--single-threaded-gc`. The compiler keeps
 * its background thread: it works only while a process warms up, and without it
 * each worker's first runs take half as long again (so not `--single-threaded`).
 * On 2 cores (`npm run bench -- sweep-scaling`, 20 runs of the retry storm) these
 * processes take about a quarter less wall time than worker threads with V8's
 * defaults, on 1 worker and on 2. The results are the same bits either way: the
 * simulation never sees the collector.
 */
import { availableParallelism } from "node:os";
import { Tinypool } from "tinypool";
import type { RunJob, RunRecord } from "./run-task";

export const POOL_WORKER = new URL("./pool-worker.mjs", import.meta.url).href;

/** The flags each worker process starts with (see the file comment). */
export const WORKER_EXEC_ARGV = ["--single-threaded-gc"];

export function defaultWorkers(): number {
  return availableParallelism();
}

/** The part of tinypool's pool a sweep uses. */
export interface SweepPool {
  run(job: RunJob): Promise<RunRecord>;
  destroy(): Promise<void>;
}

/**
 * A pool of `workers` processes running sweep jobs. `worker` is the child's script:
 * by default pool-worker.mjs; any module that default-exports runJob works.
 */
export function createPool(workers: number, worker: string = POOL_WORKER): SweepPool {
  const pool = new Tinypool({
    runtime: "child_process",
    filename: worker,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    // The parent's own flags (a loader, source maps) plus ours; structured clone, as between threads.
    execArgv: [...process.execArgv, ...WORKER_EXEC_ARGV],
    serialization: "advanced",
  });
  return {
    run: (job) => pool.run(job) as Promise<RunRecord>,
    destroy: () => pool.destroy(),
  };
}

/** Run every job on `workers` processes; resolves when all have finished (rejects on the first failure). */
export async function runLocal(jobs: RunJob[], workers: number, onResult: (r: RunRecord) => void, worker?: string): Promise<void> {
  if (jobs.length === 0) return;
  const pool = createPool(Math.max(1, Math.min(workers, jobs.length)), worker);
  try {
    await Promise.all(jobs.map(async (j) => onResult(await pool.run(j))));
  } finally {
    await pool.destroy();
  }
}
