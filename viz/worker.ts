/**
 * The simulation worker: the only place in the browser where the simulator runs.
 *
 * This file is the messaging only: the page's requests go to the host
 * (worker-host.ts), which plays the scenario through the same runner as `mxsim run`
 * (session.ts, sim/observe/run.ts) and yields to this worker's message loop between
 * pieces of work, so a new request takes effect while a long replay is under way.
 */
import "./buffer-shim";
import type { FromWorker, ToWorker } from "./protocol";
import { serve } from "./worker-host";

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
// A message to ourselves, not setTimeout(0): browsers hold nested zero timeouts back by 4 ms, and this is a
// queued task all the same, so the page's messages that came meanwhile are handled first.
const wakeUp = new MessageChannel();
let next = (): void => {};
wakeUp.port1.onmessage = () => next();
const handle = serve(post, (f) => {
  next = f;
  wakeUp.port2.postMessage(null);
});

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  try {
    handle(ev.data);
  } catch (err) {
    post({ kind: "failed", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
