/**
 * Vite: the browser app's dev server and static build.
 *
 *  - The dev server and `vite preview` bind to 127.0.0.1 only (nothing on the LAN).
 *  - `buffer` is aliased to the npm package so dns-packet (CommonJS, `require('buffer')`)
 *    gets a browser Buffer instead of an externalised Node module; viz/buffer-shim.ts
 *    also installs it as a global in the worker.
 *  - `base: "./"`: the built site uses relative URLs, so dist/ works from any static
 *    file server, in any directory.
 *  - The dev server pre-bundles dependencies and warms the page's modules at start, and
 *    serves the simulation worker as one bundle (vite-plugins/dev-worker.ts), so the
 *    first page load is fast.
 *  - The scenario library is one virtual module, its metadata read at build time.
 *  - After a build, the total size of the emitted files is printed.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { parse } from "yaml";
import type { LibraryEntry } from "./viz/scenarios";
import { devWorkerBundle } from "./vite-plugins/dev-worker.ts";
import { thirdPartyNotices } from "./vite-plugins/licences.ts";

/**
 * `virtual:mxsim-library`: the bundled scenarios (scenarios/*.yaml) as one module —
 * each file's text with its title, description and learning goal read here, in Node,
 * when the module is built. The page gets the picker's metadata without fetching 21
 * files and parsing them with the YAML library at startup (the worker parses and
 * validates the one it loads).
 */
function scenarioLibrary(): Plugin {
  const id = "virtual:mxsim-library", resolved = `\0${id}`;
  type Loc = string | { en?: string; ja?: string } | undefined;
  const loc = (x: Loc): { en: string; ja: string } =>
    x === undefined ? { en: "", ja: "" } : typeof x === "string" ? { en: x, ja: x } : { en: x.en ?? "", ja: x.ja ?? x.en ?? "" };
  return {
    name: "mxsim-scenario-library",
    resolveId: (x) => (x === id ? resolved : undefined),
    load(x) {
      if (x !== resolved) return undefined;
      const dir = fileURLToPath(new URL("./scenarios", import.meta.url));
      const entries: LibraryEntry[] = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((file) => {
        const path = join(dir, file);
        this.addWatchFile(path);
        const yaml = readFileSync(path, "utf8");
        let meta: { name?: string; description?: Loc; learningGoal?: Loc } = {};
        try {
          meta = (parse(yaml) ?? {}) as typeof meta;
        } catch {
          meta = {};
        }
        return { file, id: file.replace(/\.yaml$/, ""), yaml, title: meta.name ?? file, description: loc(meta.description), goal: loc(meta.learningGoal) };
      }).sort((a, b) => (a.id === "default" ? -1 : b.id === "default" ? 1 : a.id.localeCompare(b.id)));
      return `export default ${JSON.stringify(entries)};\n`;
    },
  };
}

function bundleSize(): Plugin {
  return {
    name: "mxsim-bundle-size",
    apply: "build",
    generateBundle(_opts, bundle) {
      let total = 0;
      let js = 0;
      for (const f of Object.values(bundle)) {
        const n = f.type === "chunk" ? new TextEncoder().encode(f.code).length : typeof f.source === "string" ? new TextEncoder().encode(f.source).length : f.source.length;
        total += n;
        if (f.fileName.endsWith(".js")) js += n;
      }
      if (total > 0) this.info(`bundle ${this.environment?.name ?? ""}: ${(total / 1024).toFixed(1)} KiB in ${Object.keys(bundle).length} files (JavaScript ${(js / 1024).toFixed(1)} KiB)`);
      // Printed plainly as well, so it shows in every log level.
      if (total > 0) console.log(`[mxsim] production bundle: ${(total / 1024).toFixed(1)} KiB (JavaScript ${(js / 1024).toFixed(1)} KiB), ${Object.keys(bundle).length} files`);
    },
  };
}

const display = process.env.DISPLAY !== undefined || process.platform === "darwin" || process.platform === "win32";

export default defineConfig({
  base: "./",
  // The e2e test points this at an empty directory to measure a first-ever start.
  cacheDir: process.env.MXSIM_VITE_CACHE ?? "node_modules/.vite",
  resolve: { alias: { buffer: "buffer/" } },
  server: {
    host: "127.0.0.1", port: 5173, strictPort: false, open: display && !process.env.CI,
    // Transform the page's modules when the server starts, not on the first request (the worker is bundled).
    warmup: { clientFiles: ["./viz/boot.ts", "./viz/main.ts"] },
  },
  // Pre-bundle the CommonJS and big dependencies at startup (the worker's are otherwise found late).
  // stdlib's packages are CommonJS: the page reaches sim/engine/libm.ts through the scenario loader
  // (the editor's file check), so they must be pre-bundled like the others.
  optimizeDeps: {
    include: ["d3", "yaml", "zod", "dns-packet", "seedrandom", "buffer",
      ...["ln", "exp", "pow", "sin", "cos"].map((f) => `@stdlib/math-base-special-${f}`)],
    noDiscovery: true,
  },
  preview: { host: "127.0.0.1" },
  // stdlib (sim/engine/libm.ts) repeats its Apache-2.0 header in each of its ~150 small
  // modules: kept, they would add 120 KiB to the worker's 500. The licences ship once per
  // package beside the bundles instead (vite-plugins/licences.ts).
  worker: {
    format: "es",
    rolldownOptions: { output: { comments: { legal: false } } },
    plugins: () => [thirdPartyNotices("worker-third-party-notices.txt")],
  },
  build: {
    outDir: "dist", target: "es2022", chunkSizeWarningLimit: 4096, reportCompressedSize: true,
    // The page imports from sim/ only the sweep charts' pure functions (lazily); sim's modules
    // have no import-time effects, so what the page does not call is left out of its bundle.
    // (The worker's bundle, built separately, is unaffected.)
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !/[\\/]sim[\\/]/.test(id) } },
  },
  plugins: [scenarioLibrary(), bundleSize(), devWorkerBundle("viz/worker.ts"), thirdPartyNotices("third-party-notices.txt")],
});
