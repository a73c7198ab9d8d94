/**
 * The addressing section: how an MTA rewrites, expands and routes addresses
 * (addressing-schema.ts) — masquerading, aliases and mailing lists, LDAP routing —
 * and the directory servers LDAP routing asks. The section translates the fields
 * into the MTA's configuration; sim/mta builds the expander, the rewriting and the
 * directory router from it.
 */
import { DirectoryServer, type ExpansionConfig, type MtaConfig } from "../mta";
import { addressingFormat } from "./addressing-schema";
import type { Path, Problem } from "./errors";
import type { MtaBlock } from "./mail-schema";
import type { Simulation } from "./model";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";
import type { Section } from "./section";

type AddressingConfig = Pick<MtaConfig, "masquerade" | "expansions" | "ldapRouting">;

/** The `mta:` block's addressing, for the MTA whose names are given. */
export function addressingConfig(b: MtaBlock, names: { hostname: string; localDomains: readonly string[] }): AddressingConfig {
  let expansions: ExpansionConfig[] | undefined;
  if (b.aliases !== undefined || b.lists !== undefined) {
    const domain = names.localDomains[0] ?? names.hostname;
    const qualify = (a: string): string => (a.includes("@") ? a : `${a}@${domain}`);
    const aliases = Object.fromEntries(Object.entries(b.aliases ?? {}).map(([k, v]) => [k, v.map(qualify)]));
    const lists = (b.lists ?? []).map((l) => ({ ...l, subscribers: l.subscribers.map(qualify), owners: l.owners.map(qualify) }));
    expansions = [{ domain, aliases, lists }];
  }
  const r = b.ldapRouting;
  return {
    masquerade: b.masquerade,
    expansions,
    // sendmail's ldap map waits for the server (-d timeout); 5 s when the scenario names none.
    ldapRouting: r === undefined ? undefined : { domains: r.domains.map((d) => d.toLowerCase()), servers: r.servers, timeout: r.timeout ?? 5 },
  };
}

/** The directory servers that LDAP routing names, by host (a replica serves its master's entries). */
function deployDirectories(sim: Simulation): void {
  const hosts = sim.scenario.hosts;
  for (const h of Object.values(hosts)) {
    for (const name of h.mta?.ldapRouting?.servers ?? []) {
      if (sim.directories.has(name)) continue;
      const spec = hosts[name]?.directory;
      if (spec === undefined) throw new Error(`${name} runs no directory`);
      const source = spec.replicaOf !== undefined ? hosts[spec.replicaOf]?.directory : spec;
      const entries = new Map(Object.entries(source?.entries ?? {}).map(([u, m]) => [u.toLowerCase(), m.toLowerCase()]));
      sim.directories.set(name, new DirectoryServer(name, entries, spec.searchTime ?? 0.001));
    }
  }
}

function checkAddressing(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected?: string): void => void problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  for (const [name, h] of Object.entries(s.hosts)) {
    h.mta?.ldapRouting?.servers.forEach((d, j) => {
      if (s.hosts[d]?.directory === undefined) err(["hosts", name, "mta", "ldapRouting", "servers", j], `"${d}" runs no directory`, "a host with a directory: block");
    });
    const rep = h.directory?.replicaOf;
    if (rep !== undefined && s.hosts[rep]?.directory?.entries === undefined)
      err(["hosts", name, "directory", "replicaOf"], `"${rep}" is not a directory with entries`, "a directory host with entries");
  }
  return problems;
}

export const addressingSection: Section = {
  name: "addressing",
  format: addressingFormat,
  check: checkAddressing,
  deploy: deployDirectories,
};
