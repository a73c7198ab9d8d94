/**
 * The spool-full fault, on the same schedule as network and DNS faults:
 *
 *   - { at: 3h, spool: gateway, full: true, for: 1h }   the spool's disk fills (S27):
 *     the SMTP server answers 452 4.3.1 to new mail (senders keep it and retry)
 *     until it is freed (`full: false`, or after `for`).
 *
 * (Configuration changes at a time — closing an open relay — are faults of the
 * defences, defence-section.ts.) Like every fault this is a plain timed kernel
 * event that flips the model's own switch, so the MTA cannot tell it from a real
 * full disk.
 */
import { z } from "zod";
import type { Path, Problem } from "./errors";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";
import type { Simulation } from "./simulation";

export const mailFaultFields = {
  spool: z.string().optional().describe("an MTA host whose spool disk fills (with full: true) or is freed (full: false)"),
  full: z.boolean().optional(),
};

type Fault = ScenarioSpec["faults"][number];

export function checkMailFaults(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected?: string): void => void problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  const mtaHosts = Object.entries(s.hosts).filter(([, h]) => h.mta !== undefined).map(([n]) => n);
  s.faults.forEach((f: Fault, i) => {
    if (f.spool === undefined) {
      if (f.full !== undefined) err(["faults", i, "full"], "`full` only goes with spool", "spool: <MTA host>");
      return;
    }
    if (!mtaHosts.includes(f.spool)) err(["faults", i, "spool"], `"${f.spool}" runs no MTA`, `a host with an mta: block (${mtaHosts.join(", ") || "none"})`);
    if (f.full === undefined) err(["faults", i], "a spool fault needs full: true or full: false");
  });
  return problems;
}

export function scheduleMailFaults(sim: Simulation): void {
  for (const f of sim.scenario.faults) {
    if (f.spool !== undefined && f.full !== undefined) {
      const mta = sim.mtas.get(f.spool);
      if (mta === undefined) continue;
      const full = f.full;
      sim.kernel.at(f.at, () => void (mta.diskFull = full));
      if (f.for !== undefined) sim.kernel.at(f.at + f.for, () => void (mta.diskFull = !full));
    }
  }
}
