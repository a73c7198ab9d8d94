/**
 * The traffic section: the mail workloads (traffic-schema.ts). Users, mailing-list
 * posts and mobile mail are written by the users writer (sim/traffic/users.ts) and
 * submitted to the MTA of their `from` host, locally or over SMTP from a client
 * (`submit:`); a list workload's list is part of that MTA's configuration
 * ({@link listExpansions}), so each post is expanded there. Spam and mail bombs are
 * ratware speaking SMTP straight to a server (sim/traffic/spam.ts). Mail programs
 * poll their mailbox server by POP or IMAP (sim/traffic/polling.ts). Every workload
 * draws from its own named streams `traffic/<index>/<kind>/{arrivals,sizes,people,mix,attachments,phases}`.
 */
import { ACCESS_COSTS, MailAccessServer, type ExpansionConfig, type Mta } from "../mta";
import type { PopBeforeSmtp } from "../mta/policy/auth";
import { messageBytes, type Message } from "../smtp";
import { addressesAtEach, expandRanges } from "../traffic/addresses";
import { diurnalMultipliers, type DiurnalName } from "../traffic/diurnal";
import "../traffic/events";
import { bombCampaign } from "../traffic/mail-bomb";
import { listTraffic, type ListSpec } from "../traffic/mailing-list";
import { mobileAsUsers } from "../traffic/mobile";
import { startPolling } from "../traffic/polling";
import { sendOnce } from "../traffic/smtp-client";
import { startSpam, type SpamSpec } from "../traffic/spam";
import { startUsers, type UsersSpec } from "../traffic/users";
import { sample, type Distribution } from "./distributions";
import type { Simulation } from "./model";
import type { ScenarioSpec, TrafficSpec } from "./schema";
import type { Section } from "./section";
import { checkTraffic } from "./traffic-check";
import { trafficFormat } from "./traffic-schema";

type Of<K extends TrafficSpec["kind"]> = Extract<TrafficSpec, { kind: K }>;
type ListTraffic = Of<"list">;

const dist = (d: Distribution) => (s: Parameters<typeof sample>[1]): number => sample(d, s);
const diurnal = (p: string | readonly number[] | undefined): number[] | undefined =>
  p === undefined ? undefined : diurnalMultipliers(p as DiurnalName | readonly number[]);

function listSpec(t: ListTraffic, i: number, host: string): ListSpec {
  return { name: `u${i}`, list: t.list, subscribers: t.subscribers, domains: t.domains, count: t.count ?? Infinity, rate: t.rate,
    start: t.start ?? 0, stop: t.stop ?? Infinity, diurnal: diurnal(t.diurnal), size: dist(t.size), host };
}

/** The lists that `list` workloads post to on the MTA of `host` (named `hostname`), in lookup order: the last workload's first. */
export function listExpansions(s: ScenarioSpec, host: string, hostname: string): ExpansionConfig[] {
  const out: ExpansionConfig[] = [];
  s.traffic.forEach((t, i) => {
    if (t.kind !== "list" || t.from !== host) return;
    const l = listTraffic(listSpec(t, i, hostname));
    out.unshift({ domain: l.domain, aliases: {}, lists: [l.list] });
  });
  return out;
}

/** How a users workload hands over its messages: locally to its MTA, or over SMTP from a client host (`submit:`). */
function submitter(sim: Simulation, submit: { client: string; port: number; user?: string; password?: string } | undefined, mta: Mta): (m: Message) => void {
  if (submit === undefined) return (m) => void mta.submit(m);
  const env = { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners: sim.smtp!, ledger: sim.ledger };
  const auth = submit.user !== undefined ? { user: submit.user, password: submit.password ?? "" } : undefined;
  return (m) => sendOnce(env, { client: submit.client, server: mta.cfg.host, port: submit.port, helo: `${submit.client}.${mta.cfg.localDomains[0] ?? "local"}`, message: m, auth });
}

/** The POP/IMAP server of a mailbox host (made on first use); a login opens POP-before-SMTP relaying at every MTA that has it. */
function mailAccessOf(sim: Simulation, mta: Mta): MailAccessServer {
  let s = sim.mailAccess.get(mta.cfg.host);
  if (s === undefined) {
    const tables = [...sim.mtas.values()].map((m) => m.popBeforeSmtp).filter((t): t is PopBeforeSmtp => t !== undefined);
    s = new MailAccessServer(sim, mta.cfg.host, mta.mailboxes, ACCESS_COSTS, tables.length === 0 ? undefined : (addr, now) => tables.forEach((t) => t.open(addr, now)));
    sim.mailAccess.set(mta.cfg.host, s);
  }
  return s;
}

function workloads(sim: Simulation) {
  // Workloads often name the same population (every ISP of a day writes to the same 100,000
  // mailboxes): expand each list once and share the array (generators only read it).
  const expanded = new Map<string, string[]>();
  const population = (list: readonly string[]): string[] => {
    const key = list.join("\n");
    let out = expanded.get(key);
    // An address written twice is one mailbox (MTAs drop duplicate recipients: Postfix's
    // duplicate_filter_limit, sendmail's sendtolist), and a message names each recipient once.
    if (out === undefined) expanded.set(key, (out = [...new Set(expandRanges(list))]));
    return out;
  };
  const streamsOf = (base: string) => ({ arrivals: sim.rng.stream(`${base}/arrivals`), sizes: sim.rng.stream(`${base}/sizes`), people: sim.rng.stream(`${base}/people`) });
  const mtaOf = (i: number, host: string): Mta => sim.mtas.get(host) ?? fail(i, `${host} runs no MTA`);

  /** Users writing to their MTA: every message is traced as injected, then handed over. */
  const writers = (t: Of<"users" | "list" | "mobile">, i: number, spec: UsersSpec, mta: Mta): void => {
    const base = `traffic/${i}/${t.kind}`;
    const handOver = submitter(sim, t.kind === "users" ? t.submit : undefined, mta);
    startUsers(sim.kernel, spec, {
      ...streamsOf(base),
      mix: spec.externalTo !== undefined ? sim.rng.stream(`${base}/mix`) : undefined,
      attachments: spec.attachment !== undefined ? sim.rng.stream(`${base}/attachments`) : undefined,
    }, (m) => {
      if (sim.bus.on) sim.bus.emit({ t: sim.kernel.now, type: "traffic.injected", host: t.from, workload: `${i}/${t.kind}`, message: m.id,
        mailFrom: m.envelope.mailFrom, rcpts: [...m.envelope.rcptTo], bytes: messageBytes(m) });
      handOver(m);
    });
  };
  const ratware = (t: Of<"spam" | "bomb">, i: number): void => {
    const env = { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners: sim.smtp ?? fail(i, "no SMTP listeners"), ledger: sim.ledger };
    const name = `u${i}`;
    const spec: SpamSpec = t.kind === "spam"
      ? { name, client: t.from, server: t.relay, port: 25, helo: `${t.from}.spam.example`, senders: addressesAtEach("x", 1000, t.forgedDomains),
          to: addressesAtEach("user", t.addressSpace, t.targetDomains), recipients: t.recipients, count: t.count ?? Infinity, rate: t.rate,
          start: t.start ?? 0, stop: t.stop ?? Infinity, size: dist(t.size ?? { kind: "constant", value: 3000 }) }
      : bombCampaign({ name, client: t.from, server: t.server, sender: t.sender, victim: t.victim, count: t.count, rate: t.rate, start: t.at ?? 0, size: dist(t.size) });
    startSpam(env, spec, streamsOf(`traffic/${i}/${t.kind}`));
  };
  return {
    users: (spec: TrafficSpec, i: number) => {
      const t = spec as Of<"users">;
      const mta = mtaOf(i, t.from);
      writers(t, i, {
        name: `u${i}`, senders: population(t.senders), to: population(t.to), recipients: t.recipients, count: t.count ?? Infinity, rate: t.rate,
        start: t.start ?? 0, stop: t.stop ?? Infinity, diurnal: diurnal(t.diurnal), size: dist(t.size), host: mta.cfg.hostname,
        externalTo: t.externalTo && population(t.externalTo), externalShare: t.externalShare,
        attachment: t.attachments === undefined ? undefined : { share: t.attachments.share, size: dist(t.attachments.size) },
      }, mta);
    },
    list: (spec: TrafficSpec, i: number) => {
      const t = spec as ListTraffic;
      const mta = mtaOf(i, t.from);
      writers(t, i, listTraffic(listSpec(t, i, mta.cfg.hostname)).posts, mta);
    },
    mobile: (spec: TrafficSpec, i: number) => {
      const t = spec as Of<"mobile">;
      const mta = mtaOf(i, t.from);
      writers(t, i, mobileAsUsers({ name: `u${i}`, domain: t.domain, subscribers: t.subscribers, to: t.to, count: t.count ?? Infinity, rate: t.rate,
        start: t.start ?? 0, stop: t.stop ?? Infinity, diurnal: diurnal(t.diurnal), size: dist(t.size ?? { kind: "lognormal", median: 400, sigma: 0.6 }),
        host: mta.cfg.hostname }), mta);
    },
    spam: (spec: TrafficSpec, i: number) => ratware(spec as Of<"spam">, i),
    bomb: (spec: TrafficSpec, i: number) => ratware(spec as Of<"bomb">, i),
    poll: (spec: TrafficSpec, i: number) => {
      const t = spec as Of<"poll">;
      const mta = sim.mtas.get(t.mailbox) ?? fail(i, `${t.mailbox} runs no MTA`, "mailbox");
      const users = typeof t.users === "number" ? Array.from({ length: t.users }, (_, k) => `user${k + 1}`) : t.users;
      startPolling(sim.kernel, mailAccessOf(sim, mta), { users: users.map((user) => ({ client: t.client, user })), protocol: t.protocol,
        interval: t.every, start: t.start ?? 0, stop: t.stop ?? Infinity }, sim.rng.stream(`traffic/${i}/poll/phases`));
    },
  };
}

function fail(i: number, why: string, field?: string): never {
  throw new Error(`traffic[${i}]${field === undefined ? "" : `.${field}`}: ${why}`);
}

export const trafficSection: Section = {
  name: "traffic",
  format: trafficFormat,
  check: checkTraffic,
  workloads,
};
