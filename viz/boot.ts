/**
 * The first thing the page runs: start the simulation worker and ask it to load the
 * default scenario, before the app's own modules (d3, the views, the scenario
 * library) have arrived. index.html loads this as an `async` module of its own, so
 * the worker fetches and compiles the simulator in parallel with the page instead of
 * after it: the first load is ready to play sooner, most of all on a first-ever start
 * of the dev server, when every module is transformed on request.
 *
 * Messages the worker sends before the app is ready wait in `early`; the app's
 * SimClient (client.ts) adopts the worker and replays them. Both scripts are `async`,
 * so either may run first: the app sets `window.mxsimBoot = null` when it starts, and
 * a boot that comes later does nothing (the app has started its own worker).
 */
import defaultYaml from "../scenarios/default.yaml?raw";
import type { FromWorker, ToWorker } from "./protocol";

export interface Boot {
  worker: Worker;
  early: FromWorker[];
  /** The scenario file already being loaded. */
  file: string;
}

declare global {
  interface Window {
    /** The boot's worker; null once the app has started (a late boot then does nothing). */
    mxsimBoot?: Boot | null;
  }
}

if (window.mxsimBoot !== null) {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  const early: FromWorker[] = [];
  worker.onmessage = (ev: MessageEvent<FromWorker>) => early.push(ev.data);
  // A worker that fails to start (a broken module) says so before the app may be listening: keep it as a message.
  worker.onerror = (ev: ErrorEvent) => early.push({ kind: "failed", error: ev.message || "the simulation worker failed to start" });
  const load: ToWorker = { kind: "load", yaml: defaultYaml, file: "default.yaml" };
  worker.postMessage(load);
  window.mxsimBoot = { worker, early, file: "default.yaml" };
}
