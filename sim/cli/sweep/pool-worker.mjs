// A worker process of the sweep's pool (tinypool, child-process runtime): runJob (run-task.ts)
// from the production build, as bin/mxsim.js runs the command (bin/bundle.mjs).
import { bundled } from "../../../bin/bundle.mjs";

process.setSourceMapsEnabled(true);
const { default: runJob } = await import(await bundled("worker"));
export default runJob;
