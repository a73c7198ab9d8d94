/**
 * Checking the mail workloads once the schema has passed: users, lists and mobile
 * mail submit to hosts that run an MTA, ratware names a host and the MTA it
 * abuses, polls name a mailbox server and a client host.
 */
import type { Path, Problem } from "./errors";
import { AT_ONCE_LIMIT, POPULATION_LIMIT } from "./limits";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";

export function checkTraffic(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected?: string): void => void problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  const mtaHosts = Object.entries(s.hosts).filter(([, h]) => h.mta !== undefined).map(([n]) => n);
  s.traffic.forEach((t, i) => {
    const needMta = (field: string, name: string): void => {
      if (!mtaHosts.includes(name)) err(["traffic", i, field], `"${name}" runs no MTA`, `a host with an mta: block (${mtaHosts.join(", ") || "none"})`);
    };
    switch (t.kind) {
      case "users":
      case "list":
      case "mobile":
        needMta("from", t.from);
        break;
      case "spam":
      case "bomb":
        if (s.hosts[t.from] === undefined) err(["traffic", i, "from"], `unknown host "${t.from}"`, "a host defined under hosts");
        if (t.kind === "spam") needMta("relay", t.relay);
        else needMta("server", t.server);
        break;
      case "poll": {
        const mb = s.hosts[t.mailbox]?.mta;
        if (mb === undefined || mb.mailboxes === undefined) err(["traffic", i, "mailbox"], `"${t.mailbox}" keeps no mailboxes`, "an MTA host with mailboxes");
        if (s.hosts[t.client] === undefined) err(["traffic", i, "client"], `unknown host "${t.client}"`, "a host defined under hosts");
        if (typeof t.users === "number" && t.users > POPULATION_LIMIT) err(["traffic", i, "users"], `${t.users} users`, `at most ${POPULATION_LIMIT.toLocaleString("en")}`);
        return;
      }
      default:
        return;
    }
    if (t.kind !== "bomb" && t.rate === undefined && t.count === undefined) err(["traffic", i], "neither count nor rate given", "count (all at start), rate (Poisson), or both");
    // What the set-up would build before the first event (limits.ts).
    if (t.rate === undefined && t.count !== undefined && t.count > AT_ONCE_LIMIT)
      err(["traffic", i, "count"], `${t.count} messages all at once`, `at most ${AT_ONCE_LIMIT.toLocaleString("en")} without a rate; give a rate to spread them`);
    if (t.kind === "spam" && t.addressSpace * t.targetDomains.length > POPULATION_LIMIT)
      err(["traffic", i, "addressSpace"], `${t.addressSpace} guessed local parts × ${t.targetDomains.length} domains`, `at most ${POPULATION_LIMIT.toLocaleString("en")} addresses in all`);
    if ((t.kind === "list" || t.kind === "mobile") && t.subscribers > POPULATION_LIMIT)
      err(["traffic", i, "subscribers"], `${t.subscribers} subscribers`, `at most ${POPULATION_LIMIT.toLocaleString("en")}`);
  });
  return problems;
}
