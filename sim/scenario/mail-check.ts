/**
 * Checking a scenario's mail parts (mail-schema.ts) once the schema has passed:
 * mailertable texts parse (their errors positioned inside the YAML file, as zone
 * errors are), retry overrides name real parameters, and spool faults name an MTA
 * host and say whether the disk fills or is freed.
 */
import { parseMailertable, PROFILES, RETRY_LAWS, withDestinationLimit, type RetryLawName } from "../mta";
import { zoneTextPosition } from "./dns-check";
import type { Path, Problem } from "./errors";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";

export function checkMailSection(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected?: string, at = pos.of(path), severity: "error" | "warning" = "error"): void => {
    problems.push({ path, message, expected, ...at, severity });
  };
  const mtaHosts = Object.entries(s.hosts).filter(([, h]) => h.mta !== undefined).map(([n]) => n);
  for (const [name, h] of Object.entries(s.hosts)) {
    const b = h.mta;
    if (b === undefined) continue;
    if (b.mailertable !== undefined) {
      const path = ["hosts", name, "mta", "mailertable"];
      for (const d of parseMailertable(b.mailertable).diagnostics) {
        err(path, `mailertable line ${d.line}: ${d.message}`, undefined, zoneTextPosition(pos, path, b.mailertable, d.line, d.col), d.severity);
      }
    }
    if (b.destinationConcurrency !== undefined && withDestinationLimit(PROFILES[b.profile].concurrency, b.destinationConcurrency) === undefined)
      err(["hosts", name, "mta", "destinationConcurrency"], `the ${b.profile} profile has no per-destination concurrency limit`, "profile: postfix");
    if (b.retry?.params !== undefined) {
      const known = Object.keys(RETRY_LAWS[b.retry.law as RetryLawName].defaults);
      for (const k of Object.keys(b.retry.params)) {
        if (!known.includes(k)) err(["hosts", name, "mta", "retry", "params", k], `unknown parameter "${k}" of the ${b.retry.law} law`, `one of ${known.join(", ")}`);
      }
    }
  }
  s.faults.forEach((f, i) => {
    if (f.spool === undefined) {
      if (f.full !== undefined) err(["faults", i, "full"], "`full` only goes with spool", "spool: <MTA host>");
      return;
    }
    if (!mtaHosts.includes(f.spool)) err(["faults", i, "spool"], `"${f.spool}" runs no MTA`, `a host with an mta: block (${mtaHosts.join(", ") || "none"})`);
    if (f.full === undefined) err(["faults", i], "a spool fault needs full: true or full: false");
  });
  return problems;
}
