/**
 * `npm run bench` measures a production build, not the development loader: the
 * cases and the simulator are bundled by esbuild into .bench/out/run.mjs, the way
 * a deployed tool would ship them. (tsx, which runs the sources directly, keeps
 * every function's name with a wrapper call at each closure creation — worth about
 * 13 % on the delivery benchmarks — which says nothing about the simulator.)
 *
 * The options are the command's own (bin/bundle.mjs, where `mxsim` builds itself).
 */
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleOptions } from "../bin/bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// The sweep's worker processes load the command's own build (bin/bundle.mjs), as `mxsim sweep` does.
await build({ ...bundleOptions, logLevel: "warning", entryPoints: [join(root, "bench/run.ts")], outfile: join(root, ".bench/out/run.mjs") });
