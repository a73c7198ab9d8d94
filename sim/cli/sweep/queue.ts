/**
 * Beyond one machine: a sweep's runs as BullMQ jobs on a Redis server.
 *
 * Every run is a pure function of its {@link RunJob} (scenario text, seed, until),
 * so distributing a sweep needs no home-made protocol: the sweep enqueues the runs
 * it still lacks as jobs (job id = the run's key, so a job already done by an
 * earlier, interrupted sweep is found, not redone), and any number of
 * `mxsim worker --queue redis://…` processes, on any machines that reach the Redis
 * server, take jobs, run them on their own worker processes, and return the records.
 * The sweep waits for each job, stores its record in the output folder like a local
 * run, and writes the same reports: the results are identical to a local sweep's.
 *
 *   machine A$ redis-server --port 6390 --bind 10.1.2.3 --protected-mode no
 *   machine B$ mxsim worker --queue redis://10.1.2.3:6390 --workers 8
 *   machine C$ mxsim worker --queue redis://10.1.2.3:6390 --workers 8
 *   machine A$ mxsim sweep retry-storm --queue redis://10.1.2.3:6390 --out storm/
 *
 * Workers need the same mxsim version (the job carries the scenario, not the code).
 */
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { createPool } from "./local";
import type { RunJob, RunRecord } from "./run-task";

export const DEFAULT_QUEUE_NAME = "mxsim-sweep-runs";

function connect(url: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null; fail fast if the server is not there.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, retryStrategy: (n) => (n > 3 ? null : 200) });
}

/** The Redis server did not answer: exit 1 with this message, not an "internal error". */
export class QueueUnreachable extends Error {}

/** Check the server answers (a clear error instead of a hang). */
export async function ping(url: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  r.on("error", () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new QueueUnreachable(`cannot reach the Redis server at ${url}: ${(e as Error).message}`);
  } finally {
    r.disconnect();
  }
}

/** Enqueue the jobs and wait for every record; `onResult` gets each as it arrives. */
export async function runOnQueue(url: string, name: string, jobs: RunJob[], onResult: (r: RunRecord) => void): Promise<void> {
  if (jobs.length === 0) return;
  await ping(url);
  const conn = connect(url), eventsConn = connect(url);
  const queue = new Queue<RunJob, RunRecord>(name, { connection: conn });
  const events = new QueueEvents(name, { connection: eventsConn });
  // Each job waited on concurrently holds a "closing" listener on both (bullmq's Job.waitUntilFinished):
  // as many as the jobs, which is no leak.
  queue.setMaxListeners(jobs.length + 10);
  events.setMaxListeners(jobs.length + 10);
  try {
    await events.waitUntilReady();
    // A job that failed in an earlier sweep is removed so that it runs again.
    for (const j of jobs) {
      const old = await queue.getJob(j.key);
      if (old !== undefined && (await old.getState()) === "failed") await old.remove();
    }
    const added = await queue.addBulk(jobs.map((j) => ({ name: "run", data: j, opts: { jobId: j.key, attempts: 1, removeOnFail: false } })));
    await Promise.all(added.map(async (job: Job<RunJob, RunRecord>) => {
      const r = (await job.waitUntilFinished(events)) as RunRecord;
      onResult(r);
      await job.remove().catch(() => undefined);
    }));
  } finally {
    await queue.close();
    await events.close();
    conn.disconnect();
    eventsConn.disconnect();
  }
}

export interface WorkerOptions {
  workers: number;
  /** Stop after this many jobs (tests, batch systems); default: run until SIGINT/SIGTERM. */
  maxJobs?: number;
  log: (s: string) => void;
}

/** Serve jobs from the queue on a pool of `workers` processes until stopped. */
export async function serveQueue(url: string, name: string, o: WorkerOptions): Promise<number> {
  await ping(url);
  const pool = createPool(o.workers);
  const conn = connect(url);
  let done = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const worker = new Worker<RunJob, RunRecord>(name, async (job) => {
    const r = await pool.run(job.data);
    return r;
  }, { connection: conn, concurrency: o.workers, autorun: false });
  worker.on("completed", (job) => {
    done++;
    o.log(`mxsim worker: done ${job.data.config} r${job.data.replication} (${job.data.key})`);
    if (o.maxJobs !== undefined && done >= o.maxJobs) stop();
  });
  worker.on("failed", (job, err) => o.log(`mxsim worker: failed ${job?.data.config ?? "?"}: ${err.message}`));
  const onSignal = (): void => stop();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  void worker.run();
  await worker.waitUntilReady();
  o.log(`mxsim worker: ready on ${url} queue ${name}, ${o.workers} worker process${o.workers === 1 ? "" : "es"}`);
  await stopped;
  await worker.close();
  await pool.destroy();
  conn.disconnect();
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  o.log(`mxsim worker: stopped after ${done} job${done === 1 ? "" : "s"}`);
  return done;
}
