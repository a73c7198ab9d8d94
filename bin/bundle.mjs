/**
 * The production build of the `mxsim` command, made on demand and kept until a source changes.
 *
 * The simulator is TypeScript. Run through a loader (tsx), every run pays for it: tsx keeps each
 * function's name by a wrapper call at every closure creation, which costs 13 % of a simulation's
 * time, and it loads some 160 modules one by one. So `mxsim` and the sweep's worker processes run
 * an esbuild bundle, as a published tool would ship, and there is still no build step: the bundle
 * is rebuilt when one of the files that went into it has changed, judged as make judges, by each
 * input's size and modification time as recorded in the manifest of the last build.
 *
 * Builds live in node_modules/.cache/mxsim (see cacheDir for elsewhere), one folder
 * per set of inputs, written under a temporary name and renamed into place, so processes that
 * start together (a test suite, a sweep's workers) never read a half-written bundle.
 *
 * Modules that find files next to themselves (the scenario library, the sweep's worker script)
 * keep their own location: `import.meta.url` is replaced by the source file's URL. The benchmarks
 * (bench/build.mjs) bundle with the same options.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);

/** esbuild plugin: `import.meta.url` in sim/ is the source file's own URL, not the bundle's. */
export const ownLocation = {
  name: "own-location",
  setup(b) {
    b.onLoad({ filter: /[\\/]sim[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      return { contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
    });
  },
};

/** Options every production bundle of the simulator is built with (here and in bench/build.mjs). */
export const bundleOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "silent",
  plugins: [ownLocation],
};

/** What is built: the command, and the sweep's task for its worker processes (default export, as tinypool wants). */
const ENTRIES = {
  cli: { entryPoints: [join(ROOT, "sim/cli/main.ts")] },
  worker: { stdin: { contents: 'export { runJob as default } from "./sim/cli/sweep/run-task.ts";', resolveDir: ROOT, sourcefile: "pool-task.ts", loader: "ts" } },
};

/** Inputs that are not files (the worker's entry, given as text). */
const VIRTUAL = new Set(["<stdin>", ENTRIES.worker.stdin.sourcefile]);

const writable = (dir) => {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where builds are kept: $MXSIM_CACHE_DIR if set, else node_modules/.cache/mxsim, else (a
 * read-only install) a folder in the tmp directory. A folder outside the tree gets a
 * `node_modules` link to the tree's, so the bundle's imports of packages still resolve.
 */
function cacheDir() {
  const inTree = join(ROOT, "node_modules/.cache/mxsim");
  const env = process.env.MXSIM_CACHE_DIR;
  if (env === undefined && writable(inTree)) return inTree;
  const outside = resolve(env ?? join(tmpdir(), `mxsim-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`));
  if (!writable(outside)) throw new Error(`mxsim: no writable folder for the build (${env === undefined ? `${inTree} or ${outside}` : `MXSIM_CACHE_DIR=${env}`})`);
  const link = join(outside, "node_modules");
  if (!existsSync(link)) {
    try {
      symlinkSync(join(ROOT, "node_modules"), link, "dir");
    } catch (e) {
      if (e?.code !== "EEXIST") throw e; // another process made it first
    }
  }
  return outside;
}

/** [file, size, modification time] of an input, `file` relative to `root`. */
const stamp = (file, root = ROOT) => {
  const s = statSync(join(root, file));
  return [file, s.size, s.mtimeMs];
};

/**
 * The folder of the last build in `cache` if every input is as it was when that build was
 * made (same size, same modification time, still there), else undefined: build again.
 */
export function currentBuild(cache, root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8"));
  } catch {
    return undefined;
  }
  try {
    for (const [file, size, mtime] of manifest.inputs) {
      const [, s, m] = stamp(file, root);
      if (s !== size || m !== mtime) return undefined;
    }
  } catch {
    return undefined; // an input was deleted
  }
  return join(cache, manifest.dir);
}

async function rebuild(cache) {
  const { build, version } = await import("esbuild");
  const results = await Promise.all(
    Object.entries(ENTRIES).map(([name, entry]) =>
      // Built as if into cache/build/, at the depth of the folder the files end up in, so the
      // source maps' relative paths hold.
      build({ ...bundleOptions, ...entry, absWorkingDir: ROOT, outfile: join(cache, "build", `${name}.mjs`), write: false, metafile: true }),
    ),
  );
  // Every file that went in, plus this file (its options shape the output) and esbuild's version.
  const files = new Set([relative(ROOT, SELF)]);
  for (const r of results) for (const input of Object.keys(r.metafile.inputs)) if (!VIRTUAL.has(input)) files.add(input);
  const inputs = [...files].sort().map((f) => stamp(f));
  const key = createHash("sha256").update(JSON.stringify([version, inputs])).digest("hex").slice(0, 16);
  const dir = join(cache, key);
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  for (const r of results) for (const f of r.outputFiles) writeFileSync(join(tmp, relative(join(cache, "build"), f.path)), f.contents);
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built the same inputs first
  }
  const manifest = join(cache, `manifest.json.tmp-${process.pid}`);
  writeFileSync(manifest, JSON.stringify({ dir: key, inputs }));
  renameSync(manifest, join(cache, "manifest.json"));
  for (const old of readdirSync(cache)) {
    if (old !== key && /^[0-9a-f]{16}$/.test(old)) rmSync(join(cache, old), { recursive: true, force: true });
  }
  return dir;
}

/**
 * The URL of a built entry (`cli` or `worker`), building first if any source changed.
 * A compile error is thrown as esbuild reports it, `file:line:col: message` per error.
 */
export async function bundled(name) {
  const cache = cacheDir();
  let dir = currentBuild(cache);
  if (dir === undefined) {
    try {
      dir = await rebuild(cache);
    } catch (e) {
      if (!Array.isArray(e?.errors)) throw e;
      const where = (m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "");
      throw new Error(`mxsim: the sources do not compile:\n${e.errors.map((m) => `  ${where(m)}${m.text}`).join("\n")}`);
    }
  }
  return pathToFileURL(join(dir, `${name}.mjs`)).href;
}
