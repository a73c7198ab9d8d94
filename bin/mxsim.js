#!/usr/bin/env node
// The `mxsim` command. The sources are TypeScript run through tsx's loader, so
// there is no build step between editing and running.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../sim/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
