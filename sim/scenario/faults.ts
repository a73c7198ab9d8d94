/**
 * The fault schedule. Every section declares its fault kinds (section.ts); this
 * one scheduler puts each fault of the scenario on the kernel's clock, in the
 * order they are written: the kind's action at `at`, and its undoing at
 * `at + for` when the kind can be undone, each traced as one `fault.applied`
 * event just before the models react to it. A fault is a plain timed event that
 * flips the model's own switch (a link, a server's mode, a full disk), so every
 * model sees it exactly like the real thing: flows break, connects time out,
 * datagrams are lost, routes move.
 */
import type { Mta } from "../mta";
import type { Simulation } from "./model";
import type { FaultSpec } from "./schema";
import type { FaultAction, FaultKind } from "./section";

declare module "../engine/trace" {
  interface TraceEventMap {
    /**
     * A fault of the schedule takes effect (`phase: start`) or is undone after its `for`
     * (`phase: end`): the fault's index in `faults:`, its kind, and its target (`host`,
     * a host or link name).
     */
    "fault.applied": { fault: number; kind: string; phase: "start" | "end" };
  }
}

export function scheduleFaults(sim: Simulation, kinds: readonly FaultKind[]): void {
  const { kernel, bus } = sim;
  sim.scenario.faults.forEach((f, fault) => {
    const kind = kinds.find((k) => k.owns(f));
    const action = kind?.plan(sim, f);
    if (kind === undefined || action === undefined) return;
    const host = kind.target(f);
    const traced = (phase: "start" | "end", act: () => void) => (): void => {
      if (bus.on) bus.emit({ t: kernel.now, type: "fault.applied", host, fault, kind: kind.name, phase });
      act();
    };
    kernel.at(f.at, traced("start", action.apply));
    if (f.for !== undefined && action.undo !== undefined) kernel.at(f.at + f.for, traced("end", action.undo));
  });
}

/** A fault kind whose target is the MTA host named by the field `field` (`mta:`, `spool:`). */
export function mtaFaultKind(field: "mta" | "spool", act: (mta: Mta, f: FaultSpec) => FaultAction | undefined): FaultKind {
  return {
    name: field,
    owns: (f) => f[field] !== undefined,
    target: (f) => f[field] as string,
    plan(sim, f) {
      const mta = sim.mtas.get(f[field] as string);
      return mta === undefined ? undefined : act(mta, f);
    },
  };
}
