/**
 * Checking a scenario's mail parts (mail-schema.ts) once the schema has passed:
 * mailertable texts parse (their errors positioned inside the YAML file, as zone
 * errors are), retry overrides name real parameters, and spool faults name an MTA
 * host and say whether the disk fills or is freed.
 */
import { parseMailertable, PROFILES, RETRY_LAWS, withDestinationLimit, type RetryLawName } from "../mta";
import { canonical, nameProblem } from "../dns";
import { AddressError, parseCidr } from "../net";
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
  const resolverHost = Object.values(s.hosts).some((h) => h.role === "resolver");
  for (const [name, h] of Object.entries(s.hosts)) {
    const b = h.mta;
    if (b === undefined) continue;
    // Names the MTA looks up or writes into headers must be domain names (RFC 1035 §2.3.4);
    // a relay host may be written [name] (no MX lookup) and carry :port.
    const named: [Path, string][] = [
      ...(["hostname", "smartHost", "localRelay", "fallbackMx"] as const).flatMap((k): [Path, string][] => (b[k] === undefined ? [] : [[["hosts", name, "mta", k], b[k]]])),
      ...b.domains.map((d, j): [Path, string] => [["hosts", name, "mta", "domains", j], d]),
    ];
    for (const [path, text] of named) {
      const bare = text.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/:\d+$/, "");
      const bad = bare === "" ? "empty name" : nameProblem(canonical(bare));
      if (bad !== undefined) err(path, `not a host name: ${bad}`, "a domain name, or [name] for no MX lookup");
    }
    (b.relayClients ?? []).forEach((c, j) => {
      try {
        parseCidr(c);
      } catch (e) {
        if (!(e instanceof AddressError)) throw e;
        err(["hosts", name, "mta", "relayClients", j], `not a CIDR prefix: ${JSON.stringify(c)}`, "an address or a prefix like 10.0.0.0/8");
      }
    });
    // The DNSBL lookups go through the host's stub resolver (sim-dns.ts: an address, and resolv: or a resolver host).
    if (b.dnsblCheck !== undefined && ((h.addr ?? h.addrs?.[0]) === undefined || (h.resolv === undefined && !resolverHost)))
      err(["hosts", name, "mta", "dnsblCheck"], "the host has no resolver to ask", "an addr, and resolv: on the host or a host with role: resolver");
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
