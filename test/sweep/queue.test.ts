/**
 * Beyond one machine: two `mxsim worker` processes take a sweep's runs from a BullMQ
 * queue on a loopback Redis server, and the results are identical to a local sweep.
 * The test starts its own redis-server on a free loopback port (scripts/loopback-server.ts);
 * `npm test` makes sure the program is installed, and without it this test fails (it does not skip).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { startRedis, freeLoopbackPort, type LoopbackServer } from "../../scripts/loopback-server";
import { mxsim, mxsimAsync, smallSweep } from "./fixture";

const tmp = mkdtempSync(join(tmpdir(), "mxsim-sweep-queue-"));
const workers: ChildProcess[] = [];
let redis: LoopbackServer;
let REDIS = "";

beforeAll(async () => {
  redis = await startRedis();
  REDIS = redis.url;
}, 30_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
  await redis?.stop();
});

function startWorker(queueName: string): Promise<{ proc: ChildProcess; log: () => string }> {
  const proc = mxsimAsync("worker", "--queue", REDIS, "--queue-name", queueName, "--workers", "1");
  workers.push(proc);
  let log = "";
  proc.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`worker not ready in 30 s: ${log}`)), 30_000);
    proc.stderr?.on("data", () => {
      if (log.includes("ready on")) {
        clearTimeout(t);
        resolve({ proc, log: () => log });
      }
    });
    proc.on("exit", (code) => reject(new Error(`worker exited with ${code}: ${log}`)));
  });
}

describe("mxsim sweep --queue (BullMQ on Redis)", () => {
  it("two workers on loopback give results identical to a local sweep", async () => {
    const sweep = smallSweep(tmp, 3); // 6 runs
    const name = `mxsim-test-${process.pid}`;
    const [a, b] = await Promise.all([startWorker(name), startWorker(name)]);
    const queued = mxsimAsync("sweep", sweep, "--out", join(tmp, "queued"), "--queue", REDIS, "--queue-name", name);
    let err = "";
    queued.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => queued.on("exit", r));
    expect(err).toContain("6 to run on queue");
    expect(code).toBe(0);
    const local = mxsim("sweep", sweep, "--out", join(tmp, "local"), "--workers", "2");
    expect(local.code).toBe(0);
    for (const f of ["results.csv", "summary.csv", "report.txt", "charts.json"]) {
      expect(readFileSync(join(tmp, "queued", f), "utf8")).toBe(readFileSync(join(tmp, "local", f), "utf8"));
    }
    // Both workers took part.
    const jobs = (log: string): number => (log.match(/mxsim worker: done /g) ?? []).length;
    expect(jobs(a.log())).toBeGreaterThan(0);
    expect(jobs(b.log())).toBeGreaterThan(0);
    expect(jobs(a.log()) + jobs(b.log())).toBe(6);
  }, 180_000);

  it("an unreachable server is a clear error", async () => {
    const port = await freeLoopbackPort();
    const r = mxsim("sweep", smallSweep(tmp, 1), "--out", join(tmp, "nowhere"), "--queue", `redis://127.0.0.1:${port}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the Redis server at redis://127.0.0.1:${port}`);
  });
});
