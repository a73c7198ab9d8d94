/**
 * A section of the scenario format: one concern (the network, DNS, addressing,
 * defences, mail, traffic) with its schema fragment ({@link SectionFormat}), the
 * checks it makes once the schema has passed, what it builds into a simulation,
 * the workload kinds it starts and the fault kinds it applies. sections.ts holds
 * the table; the loader and the builder iterate it.
 */
import type { Problem } from "./errors";
import type { SectionFormat } from "./format";
import type { Simulation } from "./model";
import type { Positions } from "./positions";
import type { FaultSpec, ScenarioSpec, TrafficSpec } from "./schema";

/** What a fault does when it starts, and (when it can be undone) what its end after `for` does. */
export interface FaultAction {
  readonly apply: () => void;
  readonly undo?: () => void;
}

export interface FaultKind {
  /** The kind's name, as in the fault's trace (e.g. "dns", "spool"). */
  readonly name: string;
  /** Whether the fault is of this kind (by the field that names its target). */
  owns(f: FaultSpec): boolean;
  /** The host or link the fault acts on. */
  target(f: FaultSpec): string;
  /** The fault's action on this simulation, or undefined when its target is absent. */
  plan(sim: Simulation, f: FaultSpec): FaultAction | undefined;
}

export interface Section {
  readonly name: string;
  readonly format: SectionFormat;
  check?(s: ScenarioSpec, pos: Positions): Problem[];
  /** Build this concern's models into the simulation (called in table order). */
  deploy?(sim: Simulation): void;
  /**
   * The starters of the workload kinds this section defines (`format.traffic`), by
   * kind, for one simulation (they may share state, e.g. address lists expanded once).
   */
  workloads?(sim: Simulation): Readonly<Record<string, (t: TrafficSpec, index: number) => void>>;
  readonly faults?: readonly FaultKind[];
}
