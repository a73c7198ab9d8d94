/**
 * `npm run bench` measures a production build, not the development loader: the
 * cases and the simulator are bundled by esbuild into .bench/out/run.mjs, the way
 * a deployed tool would ship them. (tsx, which runs the sources directly, keeps
 * every function's name with a wrapper call at each closure creation — worth about
 * 13 % on the delivery benchmarks — which says nothing about the simulator.)
 *
 * Modules that find files next to themselves (the scenario library, the sweep's
 * worker script) keep their own location: `import.meta.url` is replaced by the
 * source file's URL.
 */
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const ownLocation = {
  name: "own-location",
  setup(b) {
    b.onLoad({ filter: /[\\/]sim[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      return { contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  plugins: [ownLocation],
};

await build({ ...common, entryPoints: [join(root, "bench/run.ts")], outfile: join(root, ".bench/out/run.mjs") });
// The sweep's worker thread, bundled the same way (sweep-scaling runs its pool on it).
await build({ ...common, entryPoints: [join(root, "bench/pool-worker.ts")], outfile: join(root, ".bench/out/pool-worker.mjs") });
