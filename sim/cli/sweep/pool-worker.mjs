// A worker process of the sweep's pool (tinypool, child-process runtime). The sources are TypeScript, run
// through tsx's loader as in bin/mxsim.js; the task itself is runJob (run-task.ts).
import { register } from "tsx/esm/api";

register();
const { runJob } = await import("./run-task.ts");
export default runJob;
