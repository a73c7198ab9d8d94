import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mxsim, mxsimAsync, smallSweep } from "./fixture";

const tmp = mkdtempSync(join(tmpdir(), "mxsim-sweep-resume-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a killed sweep resumes", () => {
  it("re-running after SIGKILL midway completes only the missing runs", async () => {
    const sweep = smallSweep(tmp, 4); // 8 runs
    const out = join(tmp, "out");
    const runs = join(out, "runs");
    const child = mxsimAsync("sweep", sweep, "--out", out, "--workers", "1");
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    // Kill it once 3 runs are done (one at a time on 1 worker), long before the 8th.
    const t0 = Date.now();
    const done = (): string[] => (existsSync(runs) ? readdirSync(runs).filter((f) => f.endsWith(".json")) : []);
    while (done().length < 3 && Date.now() - t0 < 120_000) await sleep(50);
    child.kill("SIGKILL");
    await exited;
    const before = done();
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(8);
    const mtimes = new Map(before.map((f) => [f, statSync(join(runs, f)).mtimeMs]));

    const again = mxsim("sweep", sweep, "--out", out, "--workers", "1");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`8 runs (2 configurations × 4 replications): ${before.length} already done, ${8 - before.length} to run`);
    expect(again.stdout).toContain(`ran ${8 - before.length} runs now`);
    const after = done();
    expect(after).toHaveLength(8);
    // The runs finished before the kill were not redone: same files, untouched.
    for (const [f, m] of mtimes) expect(statSync(join(runs, f)).mtimeMs).toBe(m);
    // No temporary file of the killed sweep is mistaken for a run.
    expect(readdirSync(runs).filter((f) => !f.endsWith(".json") && !f.startsWith(".tmp-"))).toEqual([]);
  }, 180_000);
});
