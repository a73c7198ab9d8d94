/**
 * The defences section: what an MTA's SMTP server checks (defence-schema.ts) —
 * connection rate, access db, DNSBL, POP-before-SMTP, AUTH, recipient limit, MIME
 * nesting, STARTTLS, Message Submission — and the fault that changes an MTA's
 * configuration while it runs (closing an open relay, S23). The section translates
 * the fields into the MTA's configuration; sim/mta builds its policy chains from
 * it and from the profile.
 */
import type { MtaConfig } from "../mta";
import { parseAccess } from "../mta/policy/access-db";
import { defenceFormat } from "./defence-schema";
import { zoneTextPosition } from "./dns-check";
import { mtaFaultKind } from "./faults";
import type { Path, Problem } from "./errors";
import type { MtaBlock } from "./mail-schema";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";
import type { Section } from "./section";

type DefenceConfig = Pick<MtaConfig, "openRelay" | "connectionRate" | "access" | "dnsbl" | "popBeforeSmtp" | "auth" | "maxRecipients" | "mimeNesting" | "tls" | "submission">;

/** The `mta:` block's defences. */
export function defenceConfig(b: MtaBlock): DefenceConfig {
  return {
    openRelay: b.openRelay,
    connectionRate: b.connectionRate,
    access: b.access === undefined ? undefined : { db: parseAccess(b.access).db, blacklistRecipients: b.blacklistRecipients ?? false },
    dnsbl: b.dnsblCheck,
    popBeforeSmtp: b.popBeforeSmtp,
    auth: b.auth,
    maxRecipients: b.maxRecipients,
    mimeNesting: b.mimeNesting,
    tls: b.tls,
    submission: b.submission,
  };
}

function checkDefences(s: ScenarioSpec, pos: Positions): Problem[] {
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
  s.faults.forEach((f, i) => {
    if (f.set !== undefined && f.mta === undefined) err(["faults", i, "set"], "`set` without `mta`", "mta: <an MTA host>");
    if (f.mta === undefined) return;
    if (!mtaHosts.includes(f.mta)) err(["faults", i, "mta"], `"${f.mta}" runs no MTA`, `one of ${mtaHosts.join(", ") || "(none)"}`);
    if (f.set === undefined || Object.keys(f.set).length === 0) err(["faults", i], "an MTA fault without `set`", "set: { openRelay: true|false }");
  });
  return problems;
}

export const defenceSection: Section = {
  name: "defences",
  format: defenceFormat,
  check: checkDefences,
  faults: [
    mtaFaultKind("mta", (mta, f) => {
      const open = f.set?.openRelay;
      return open === undefined ? undefined : { apply: () => mta.reconfigure({ openRelay: open }) };
    }),
  ],
};
