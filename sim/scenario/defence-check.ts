/**
 * Checking a scenario's defence parts (defence-schema.ts) once the schema has
 * passed: access db texts parse (errors positioned inside the YAML block, as
 * mailertable errors are), `submit:` clients are hosts, configuration faults
 * name an MTA host and say what changes.
 */
import { parseAccess } from "../mta/policy/access-db";
import { zoneTextPosition } from "./dns-check";
import type { Path, Problem } from "./errors";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";

export function checkDefenceSection(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected?: string, at = pos.of(path)): void => {
    problems.push({ path, message, expected, ...at, severity: "error" });
  };
  const mtaHosts = Object.entries(s.hosts).filter(([, h]) => h.mta !== undefined).map(([n]) => n);
  for (const [name, h] of Object.entries(s.hosts)) {
    const b = h.mta;
    if (b?.access === undefined) continue;
    const path = ["hosts", name, "mta", "access"];
    for (const d of parseAccess(b.access).diagnostics) err(path, `access line ${d.line}: ${d.message}`, undefined, zoneTextPosition(pos, path, b.access, d.line, d.col));
  }
  s.traffic.forEach((t, i) => {
    if (t.kind !== "users" || t.submit === undefined) return;
    if (s.hosts[t.submit.client] === undefined) err(["traffic", i, "submit", "client"], `unknown host "${t.submit.client}"`, "a host defined under hosts");
  });
  for (const [name, h] of Object.entries(s.hosts)) {
    const r = h.mta?.ldapRouting;
    r?.servers.forEach((d, j) => {
      if (s.hosts[d]?.directory === undefined) err(["hosts", name, "mta", "ldapRouting", "servers", j], `"${d}" runs no directory`, "a host with a directory: block");
    });
    const rep = h.directory?.replicaOf;
    if (rep !== undefined && s.hosts[rep]?.directory?.entries === undefined)
      err(["hosts", name, "directory", "replicaOf"], `"${rep}" is not a directory with entries`, "a directory host with entries");
  }
  s.traffic.forEach((t, i) => {
    if (t.kind !== "poll") return;
    const mb = s.hosts[t.mailbox]?.mta;
    if (mb === undefined || mb.mailboxes === undefined) err(["traffic", i, "mailbox"], `"${t.mailbox}" keeps no mailboxes`, "an MTA host with mailboxes");
    if (s.hosts[t.client] === undefined) err(["traffic", i, "client"], `unknown host "${t.client}"`, "a host defined under hosts");
  });
  s.faults.forEach((f, i) => {
    if (f.set !== undefined && f.mta === undefined) err(["faults", i, "set"], "`set` without `mta`", "mta: <an MTA host>");
    if (f.mta === undefined) return;
    if (!mtaHosts.includes(f.mta)) err(["faults", i, "mta"], `"${f.mta}" runs no MTA`, `one of ${mtaHosts.join(", ") || "(none)"}`);
    if (f.set === undefined || Object.keys(f.set).length === 0) err(["faults", i], "an MTA fault without `set`", "set: { openRelay: true|false }");
  });
  return problems;
}
