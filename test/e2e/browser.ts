/**
 * End-to-end harness: a static build of the app served by `vite preview` on
 * 127.0.0.1 with a free port, and Debian's chromium driven by playwright-core
 * (never a downloaded browser). Both are started and stopped by the tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, "test/artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export { freeLoopbackPort as freePort } from "../../scripts/loopback-server";

export function run(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += String(d)));
    p.stderr.on("data", (d) => (out += String(d)));
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** `vite build` into `outDir`; returns its log (with the bundle size line). */
export async function build(outDir: string): Promise<string> {
  const r = await run(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir"]);
  if (r.code !== 0) throw new Error(`vite build failed:\n${r.out}`);
  return r.out;
}

/** `vite preview` of `outDir` on 127.0.0.1:port; resolves when it answers. */
export async function preview(outDir: string, port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "preview", "--outDir", outDir, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return p;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  p.kill();
  throw new Error("vite preview did not start");
}

/**
 * The Vite dev server (`npm start`) on 127.0.0.1:port, with its dependency cache in
 * `cacheDir` (a fresh directory = a first-ever start: dependencies are pre-bundled
 * again). Resolves when it answers, with the milliseconds that took.
 */
export async function dev(port: number, cacheDir: string): Promise<{ proc: ChildProcess; startMs: number }> {
  const t0 = Date.now();
  const p = spawn(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MXSIM_VITE_CACHE: cacheDir, CI: "1" },
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return { proc: p, startMs: Date.now() - t0 };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  p.kill();
  throw new Error("vite dev server did not start");
}

/**
 * Chromium with a fresh profile directory (playwright passes it as --user-data-dir
 * through launchPersistentContext) and the flags that keep it off the network.
 */
export async function launch(viewport = { width: 1500, height: 950 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "mxsim-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return { context, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}
