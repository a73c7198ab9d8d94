/**
 * The fault schedule. Every section declares its fault kinds (section.ts); this
 * one scheduler puts each fault of the scenario on the kernel's clock, in the
 * order they are written: the kind's action at `at`, and its undoing at
 * `at + for` when the kind can be undone. A fault is a plain timed event that
 * flips the model's own switch (a link, a server's mode, a full disk), so every
 * model sees it exactly like the real thing: flows break, connects time out,
 * datagrams are lost, routes move.
 */
import type { Mta } from "../mta";
import type { Simulation } from "./model";
import type { FaultSpec } from "./schema";
import type { FaultAction, FaultKind } from "./section";

export function scheduleFaults(sim: Simulation, kinds: readonly FaultKind[]): void {
  for (const f of sim.scenario.faults) {
    const action = kinds.find((k) => k.owns(f))?.plan(sim, f);
    if (action === undefined) continue;
    sim.kernel.at(f.at, action.apply);
    if (f.for !== undefined && action.undo !== undefined) sim.kernel.at(f.at + f.for, action.undo);
  }
}

/** A fault kind whose target is the MTA host named by the field `field` (`mta:`, `spool:`). */
export function mtaFaultKind(field: "mta" | "spool", act: (mta: Mta, f: FaultSpec) => FaultAction | undefined): FaultKind {
  return {
    name: field,
    owns: (f) => f[field] !== undefined,
    plan(sim, f) {
      const mta = sim.mtas.get(f[field] as string);
      return mta === undefined ? undefined : act(mta, f);
    },
  };
}
