import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript without declarations (it runs before any TypeScript can)
import { bundled, currentBuild } from "../../bin/bundle.mjs";
import { loadScenario } from "../../sim";
import { run } from "../../sim/observe/run";
import { SCENARIO_DIR } from "../../sim/cli/main";

describe("the command's production build (bin/bundle.mjs)", () => {
  it("is current while every input keeps its size and modification time, and stale when one changes or goes", () => {
    const root = mkdtempSync(join(tmpdir(), "mxsim-bundle-"));
    try {
      const cache = join(root, "cache");
      const src = join(root, "a.ts");
      writeFileSync(src, "export const a = 1;\n");
      utimesSync(src, 1_000_000, 1_000_000);
      const manifest = (inputs: unknown[]) => {
        rmSync(cache, { recursive: true, force: true });
        mkdirSync(cache, { recursive: true });
        writeFileSync(join(cache, "manifest.json"), JSON.stringify({ dir: "0123456789abcdef", inputs }));
      };
      manifest([["a.ts", 20, 1_000_000_000]]);
      expect(currentBuild(cache, root)).toBe(join(cache, "0123456789abcdef"));
      utimesSync(src, 1_000_001, 1_000_001); // touched: same size, later time
      expect(currentBuild(cache, root)).toBeUndefined();
      manifest([["a.ts", 21, 1_000_001_000]]); // recorded size differs from the file's
      expect(currentBuild(cache, root)).toBeUndefined();
      manifest([["a.ts", 20, 1_000_001_000], ["gone.ts", 1, 1]]);
      expect(currentBuild(cache, root)).toBeUndefined();
      rmSync(join(cache, "manifest.json"));
      expect(currentBuild(cache, root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("runs a scenario to the same fingerprint as the sources, and is reused while nothing changed", async () => {
    const url: string = await bundled("worker");
    expect(await bundled("worker")).toBe(url);
    const { default: runJob } = (await import(url)) as { default: (j: object) => { fingerprint: string; events: number } };
    const text = readFileSync(join(SCENARIO_DIR, "second-mx.yaml"), "utf8");
    const built = runJob({ key: "k", config: "c", replication: 1, seed: 7, text, file: "second-mx.yaml" });
    const { summary } = run(loadScenario(text, "second-mx.yaml"), { seed: 7 });
    expect(built.events).toBe(summary.events);
    expect(built.fingerprint).toBe(summary.fingerprint);
  });

  it("builds outside the tree too ($MXSIM_CACHE_DIR, or a read-only install's tmp folder), packages still found", () => {
    const cache = join(mkdtempSync(join(tmpdir(), "mxsim-cache-")), "c");
    try {
      const ROOT = join(__dirname, "../..");
      const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "run", "second-mx", "--json", "--seed", "7"], {
        cwd: tmpdir(), encoding: "utf8", env: { ...process.env, MXSIM_CACHE_DIR: cache },
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(existsSync(join(cache, "manifest.json"))).toBe(true);
      expect(existsSync(join(cache, "node_modules", "yaml"))).toBe(true); // the link to the tree's packages
      const { summary } = run(loadScenario(readFileSync(join(SCENARIO_DIR, "second-mx.yaml"), "utf8"), "second-mx.yaml"), { seed: 7 });
      expect(JSON.parse(r.stdout).fingerprint).toBe(summary.fingerprint);
    } finally {
      rmSync(dirname(cache), { recursive: true, force: true });
    }
  });
});
