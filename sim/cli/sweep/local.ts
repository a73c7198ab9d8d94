/**
 * Running a sweep's runs on this machine, in parallel on worker threads.
 *
 * The pool is piscina's (a well-kept worker-thread pool: task queueing, one thread
 * per core, clean shutdown), each thread running runJob (run-task.ts) through
 * pool-worker.mjs. A simulation is single-threaded and CPU-bound, so N threads run
 * N runs at once. Runs are queued in order, and each record is passed to `onResult`
 * (which saves it) the moment it arrives, so a sweep killed midway keeps every run
 * that finished.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { RunJob, RunRecord } from "./run-task";

export const POOL_WORKER = new URL("./pool-worker.mjs", import.meta.url).href;

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * A pool of `workers` threads running sweep jobs. `worker` is the thread's script:
 * by default pool-worker.mjs (the TypeScript sources through tsx); a bundle that
 * default-exports runJob also works (the benchmarks run a production build).
 */
export function createPool(workers: number, worker: string = POOL_WORKER): Piscina<RunJob, RunRecord> {
  return new Piscina<RunJob, RunRecord>({ filename: worker, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
}

/** Run every job on `workers` threads; resolves when all have finished (rejects on the first failure). */
export async function runLocal(jobs: RunJob[], workers: number, onResult: (r: RunRecord) => void, worker?: string): Promise<void> {
  if (jobs.length === 0) return;
  const pool = createPool(Math.max(1, Math.min(workers, jobs.length)), worker);
  try {
    await Promise.all(jobs.map(async (j) => onResult(await pool.run(j))));
  } finally {
    await pool.destroy();
  }
}
