/**
 * What may become of a scenario, and nothing else: a positioned ScenarioError (every
 * problem with a line), a run that completed with the message balance holding, or a run
 * stopped by one of its guards. Anything else — another exception, a problem without a
 * position, a lost message, a run past its cap by more than 5 % — is a defect.
 */
import { loadScenario, run, RunawayError, ScenarioError } from "../../sim";

export type Outcome =
  | { kind: "invalid"; problems: number }
  | { kind: "ran"; events: number }
  | { kind: "stopped"; why: string }
  | { kind: "defect"; why: string };

export interface Caps {
  maxEvents: number;
  maxWallMs: number;
}

export function classify(text: string, file: string, caps: Caps): Outcome {
  let scenario;
  try {
    scenario = loadScenario(text, file);
  } catch (e) {
    if (e instanceof ScenarioError) {
      const unplaced = e.problems.filter((p) => !(p.line >= 1 && p.col >= 1));
      return unplaced.length === 0 ? { kind: "invalid", problems: e.problems.length } : { kind: "defect", why: `problem without a position: ${unplaced[0].message}` };
    }
    return { kind: "defect", why: `loading threw ${(e as Error).name}: ${(e as Error).message}` };
  }
  const t0 = performance.now();
  try {
    const out = run(scenario, { maxEvents: caps.maxEvents, maxWallMs: caps.maxWallMs, fingerprint: false });
    const wall = performance.now() - t0;
    if (out.summary.messages.lost !== 0) return { kind: "defect", why: `${out.summary.messages.lost} messages lost` };
    if (wall > caps.maxWallMs * 1.05 + 50) return { kind: "defect", why: `ran ${wall.toFixed(0)} ms past a ${caps.maxWallMs} ms cap` };
    if (out.summary.events > caps.maxEvents * 1.05) return { kind: "defect", why: `${out.summary.events} events past a cap of ${caps.maxEvents}` };
    return { kind: "ran", events: out.summary.events };
  } catch (e) {
    if (e instanceof RunawayError) {
      const wall = performance.now() - t0;
      if (wall > caps.maxWallMs * 1.05 + 50) return { kind: "defect", why: `stopped ${wall.toFixed(0)} ms into a ${caps.maxWallMs} ms cap` };
      return { kind: "stopped", why: e.message };
    }
    return { kind: "defect", why: `running threw ${(e as Error).name}: ${(e as Error).message}` };
  }
}
