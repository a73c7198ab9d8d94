/**
 * Running bundled scenarios for the library and golden tests: each scenario runs
 * once per test process (memoised), with its own seed, keeping the trace events a
 * test asks for.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadScenario, run, type Scenario } from "../../sim";
import type { TraceEvent } from "../../sim/engine";
import type { RunOutput } from "../../sim/observe/run";

export const SCENARIOS = join(import.meta.dirname, "../../scenarios");

/** Bundled scenarios the golden test runs: all but the scale ones (bench only). */
export function bundledNames(): string[] {
  return readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml") && !f.startsWith("isp-day")).map((f) => f.replace(/\.yaml$/, "")).sort();
}

export function loadBundled(name: string): Scenario {
  return loadScenario(readFileSync(join(SCENARIOS, `${name}.yaml`), "utf8"), `${name}.yaml`);
}

export interface BundledRun extends RunOutput {
  events: TraceEvent[];
  of<K extends TraceEvent["type"]>(type: K, host?: string): Extract<TraceEvent, { type: K }>[];
  /** Series of a time-series column, as [t, value] pairs. */
  series(column: string): [number, number][];
}

const cache = new Map<string, BundledRun>();

export function runBundled(name: string): BundledRun {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const events: TraceEvent[] = [];
  const out = run(loadBundled(name), { trace: (e) => void events.push(e) });
  const r: BundledRun = {
    ...out,
    events,
    of: <K extends TraceEvent["type"]>(type: K, host?: string) =>
      events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type && (host === undefined || e.host === host)),
    series: (column) => out.timeseries.column(column).map((v, i) => [out.timeseries.times[i], v]),
  };
  cache.set(name, r);
  return r;
}
