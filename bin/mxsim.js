#!/usr/bin/env node
// The `mxsim` command: the production build of sim/cli/main.ts, rebuilt when a source has
// changed (bin/bundle.mjs), so there is no build step between editing and running.
import { bundled } from "./bundle.mjs";

process.setSourceMapsEnabled(true); // an internal error's stack names the TypeScript lines
let main;
try {
  ({ main } = await import(await bundled("cli")));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
