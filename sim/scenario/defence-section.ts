/**
 * Building the defences and the organisation's mail system of a scenario
 * (defence-schema.ts) onto the MTAs that mail-section.ts made: the policy chain
 * of each MTA (connection rate, access db, DNSBL, POP-before-SMTP, AUTH,
 * recipient limit, then the core checks, then MIME nesting at end of data), the
 * submission server on port 587, masquerading, aliases and lists, and the faults
 * that change an MTA's configuration while it runs.
 */
import { DirectoryRouter, DirectoryServer, makeExpander, masqueradeMessage, Mta, mtaServer, type Expander, type SmtpPolicy } from "../mta";
import { parseAccess } from "../mta/policy/access-db";
import { accessPolicy } from "../mta/policy/access-policy";
import { authPolicy, PopBeforeSmtp, submissionPolicy } from "../mta/policy/auth";
import { dnsblPolicy } from "../mta/policy/dnsbl-policy";
import { starttlsPolicy } from "../mta/policy/tls";
import { connectionRateLimit, mimeNestingLimit, recipientLimit } from "../mta/policy/limits";
import type { PolicyEnv } from "../mta/policy/verdict";
import type { Message } from "../smtp";
import { sendOnce } from "../traffic/smtp-client";
import { startPolling } from "../traffic/polling";
import { ACCESS_COSTS, MailAccessServer } from "../mta/mail-access";
import type { MtaBlock } from "./mail-schema";
import type { Simulation } from "./simulation";

const popAuth = new WeakMap<Mta, PopBeforeSmtp>();
const directories = new WeakMap<Simulation, Map<string, DirectoryServer>>();

/** The directory server on `host` (its own entries, or a replica's copy of its master's). */
function directoryOf(sim: Simulation, host: string): DirectoryServer {
  let m = directories.get(sim);
  if (m === undefined) directories.set(sim, (m = new Map()));
  let d = m.get(host);
  if (d === undefined) {
    const spec = sim.scenario.hosts[host]?.directory;
    if (spec === undefined) throw new Error(`${host} runs no directory`);
    const source = spec.replicaOf !== undefined ? sim.scenario.hosts[spec.replicaOf]?.directory : spec;
    const entries = new Map(Object.entries(source?.entries ?? {}).map(([u, h]) => [u.toLowerCase(), h.toLowerCase()]));
    d = new DirectoryServer(host, entries, spec.searchTime ?? 0.001);
    m.set(host, d);
  }
  return d;
}

/** Directory servers built for a simulation, by host (for summaries and tests). */
export function directoriesOf(sim: Simulation): ReadonlyMap<string, DirectoryServer> {
  return directories.get(sim) ?? new Map();
}

/** The POP-before-SMTP table of an MTA host, for the POP server that opens it. */
export function popBeforeSmtpOf(mta: Mta): PopBeforeSmtp | undefined {
  return popAuth.get(mta);
}

/** Policies that apply only to server-to-server mail on port 25 (not to authenticated submission). */
const RELAY_ONLY = new Set(["access", "dnsbl", "pop-before-smtp", "connection-rate"]);

function chainExpander(mta: Mta, x: Expander, names: readonly string[]): void {
  const before = mta.expand;
  mta.expand = before === undefined ? x : (user, m) => x(user, m) ?? before(user, m);
  for (const n of names) mta.mailboxes.expands.add(n);
}

function deployOne(sim: Simulation, host: string, b: MtaBlock, mta: Mta): void {
  const env: PolicyEnv = { kernel: sim.kernel, bus: sim.bus, host };
  const front: SmtpPolicy[] = [];
  const profile = b.profile;
  if (b.connectionRate !== undefined) front.push(connectionRateLimit(b.connectionRate.count, b.connectionRate.per, env));
  if (b.access !== undefined) {
    front.push(accessPolicy(parseAccess(b.access).db, { blacklistRecipients: b.blacklistRecipients ?? false, localDomains: mta.server.localDomains }, env));
  }
  if (b.dnsblCheck !== undefined) {
    const stub = sim.dns.stub(host);
    if (stub === undefined) throw new Error(`hosts.${host}.mta.dnsblCheck: the host has no resolver to ask`);
    const c = b.dnsblCheck;
    front.push(dnsblPolicy({ zones: c.zones, onFailure: c.onFailure, only127: c.only127 ?? profile !== "sendmail",
      replyAt: c.replyAt ?? (profile === "sendmail" ? "mail" : "rcpt"), style: profile === "sendmail" ? "sendmail" : "postfix" }, stub, env));
  }
  if (b.popBeforeSmtp !== undefined) {
    const table = new PopBeforeSmtp(b.popBeforeSmtp);
    popAuth.set(mta, table);
    front.push(table.policy(env));
  }
  if (b.auth !== undefined) front.push(authPolicy({ users: b.auth.users, mechanisms: b.auth.mechanisms }, env));
  if (b.maxRecipients !== undefined) front.push(recipientLimit(b.maxRecipients, env));
  mta.policies.unshift(...front);
  if (b.mimeNesting !== undefined) mta.policies.push(mimeNestingLimit(b.mimeNesting.bound, b.mimeNesting.perPart, env));
  if (b.openRelay !== undefined) mta.relayControl.open = b.openRelay;
  if (b.ldapRouting !== undefined) {
    const r = b.ldapRouting;
    mta.directory = new DirectoryRouter(sim, host, { domains: r.domains.map((d) => d.toLowerCase()), servers: r.servers.map((h) => directoryOf(sim, h)), timeout: r.timeout ?? 5 });
  }
  if (b.tls !== undefined) {
    if (b.tls.certificate !== "none") mta.policies.push(starttlsPolicy(b.tls.certificate));
    if (b.tls.level !== "none") mta.tlsLevel = b.tls.level;
  }

  if (b.submission !== undefined) {
    const sub = [submissionPolicy(b.submission.inside, env)];
    const policies = (): SmtpPolicy[] => [...sub, ...mta.policies.filter((p) => !RELAY_ONLY.has(p.name))];
    sim.smtp!.listen(host, b.submission.port, mtaServer(mta.server, policies));
  }
  if (b.masquerade !== undefined) {
    const q = b.masquerade;
    const cfg = { ...q, localNames: [mta.cfg.hostname, ...mta.cfg.localDomains, "localhost"], hostname: mta.cfg.hostname };
    mta.rewrite = (m) => masqueradeMessage(m, cfg, "smtp");
  }
  if (b.aliases !== undefined || b.lists !== undefined) {
    const domain = mta.cfg.localDomains[0] ?? mta.cfg.hostname;
    const qualify = (a: string): string => (a.includes("@") ? a : `${a}@${domain}`);
    const aliases = Object.fromEntries(Object.entries(b.aliases ?? {}).map(([k, v]) => [k, v.map(qualify)]));
    const lists = (b.lists ?? []).map((l) => ({ ...l, subscribers: l.subscribers.map(qualify), owners: l.owners.map(qualify) }));
    const cfg = { domain, aliases, lists };
    chainExpander(mta, makeExpander(cfg), [...Object.keys(aliases).map((a) => a.toLowerCase()), ...lists.flatMap((l) => {
      const n = l.name.toLowerCase();
      return [n, `${n}-request`, `${n}-admin`, `owner-${n}`];
    })]);
  }
}

const accessServers = new WeakMap<Mta, MailAccessServer>();

/** The POP/IMAP server of a mailbox host (made on first use); a login opens POP-before-SMTP relaying at every MTA that has it. */
export function mailAccessOf(sim: Simulation, mta: Mta): MailAccessServer {
  let s = accessServers.get(mta);
  if (s === undefined) {
    const tables = [...sim.mtas.values()].map((m) => popAuth.get(m)).filter((t): t is PopBeforeSmtp => t !== undefined);
    s = new MailAccessServer(sim, mta.cfg.host, mta.mailboxes, ACCESS_COSTS, tables.length === 0 ? undefined : (addr, now) => tables.forEach((t) => t.open(addr, now)));
    accessServers.set(mta, s);
  }
  return s;
}

/** Install every MTA's defences and schedule configuration faults; call after deployMail. */
export function deployDefences(sim: Simulation): void {
  for (const [host, h] of Object.entries(sim.scenario.hosts)) {
    const mta = sim.mtas.get(host);
    if (h.mta !== undefined && mta !== undefined) deployOne(sim, host, h.mta, mta);
  }
  sim.scenario.traffic.forEach((t, i) => {
    if (t.kind !== "poll") return;
    const mta = sim.mtas.get(t.mailbox);
    if (mta === undefined) throw new Error(`traffic[${i}].mailbox: ${t.mailbox} runs no MTA`);
    const users = typeof t.users === "number" ? Array.from({ length: t.users }, (_, k) => `user${k + 1}`) : t.users;
    startPolling(sim.kernel, mailAccessOf(sim, mta), { users: users.map((user) => ({ client: t.client, user })), protocol: t.protocol,
      interval: t.every, start: t.start ?? 0, stop: t.stop ?? Infinity }, sim.rng.stream(`traffic/${i}/poll/phases`));
  });
  for (const f of sim.scenario.faults) {
    if (f.mta === undefined || f.set === undefined) continue;
    const mta = sim.mtas.get(f.mta);
    const open = f.set.openRelay;
    if (mta === undefined || open === undefined) continue;
    sim.kernel.at(f.at, () => {
      mta.relayControl.open = open;
      if (sim.bus.on) sim.bus.emit({ t: sim.kernel.now, type: "mta.reconfigured", host: mta.cfg.host, setting: "openRelay", value: String(open) });
    });
  }
}

/** How a users workload hands over its messages: locally to its MTA, or over SMTP from a client host (`submit:`). */
export function submitterFor(sim: Simulation, submit: { client: string; port: number; user?: string; password?: string } | undefined, mta: Mta): (m: Message) => void {
  if (submit === undefined) return (m) => void mta.submit(m);
  const env = { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners: sim.smtp!, ledger: sim.ledger };
  const auth = submit.user !== undefined ? { user: submit.user, password: submit.password ?? "" } : undefined;
  return (m) => sendOnce(env, { client: submit.client, server: mta.cfg.host, port: submit.port, helo: `${submit.client}.${mta.cfg.localDomains[0] ?? "local"}`, message: m, auth });
}
