/** The sweep's worker thread as the benchmarks run it: runJob bundled (bench/build.mjs), no tsx loader. */
import { runJob } from "../sim/cli/sweep/run-task";

export default runJob;
