/**
 * Starting a scenario's mail workloads. Users, mailing-list posts and mobile mail
 * are written by the users writer (sim/traffic/users.ts) and submitted to the MTA
 * of their `from` host; a list workload also teaches that MTA the list
 * (sim/mta/expansion.ts), so each post is expanded there. Spam and mail bombs are
 * ratware speaking SMTP straight to a server (sim/traffic/spam.ts). Every
 * workload draws from its own named streams
 * `traffic/<index>/<kind>/{arrivals,sizes,people,mix,attachments}`.
 */
import { expansionNames, makeExpander, type Expander, type Mta } from "../mta";
import { addressesAtEach, expandRanges } from "../traffic/addresses";
import { diurnalMultipliers, type DiurnalName } from "../traffic/diurnal";
import { bombCampaign } from "../traffic/mail-bomb";
import { listTraffic } from "../traffic/mailing-list";
import { mobileAsUsers } from "../traffic/mobile";
import { startSpam, type SpamSpec } from "../traffic/spam";
import { submitterFor } from "./defence-section";
import { startUsers, type UsersSpec } from "../traffic/users";
import { messageBytes } from "../smtp";
import "../traffic/events";
import { sample, type Distribution } from "./distributions";
import type { TrafficSpec } from "./schema";
import type { Simulation } from "./simulation";

type MailKind = "users" | "list" | "spam" | "bomb" | "mobile";
type MailTraffic = Extract<TrafficSpec, { kind: MailKind }>;

export function isMailWorkload(t: TrafficSpec): t is MailTraffic {
  return t.kind === "users" || t.kind === "list" || t.kind === "spam" || t.kind === "bomb" || t.kind === "mobile";
}

/** Workloads that submit to an MTA on their `from` host (the others are ratware). */
export function submitsToMta(t: MailTraffic): boolean {
  return t.kind !== "spam" && t.kind !== "bomb";
}

const dist = (d: Distribution) => (s: Parameters<typeof sample>[1]): number => sample(d, s);
const diurnal = (p: string | readonly number[] | undefined): number[] | undefined =>
  p === undefined ? undefined : diurnalMultipliers(p as DiurnalName | readonly number[]);

export function startMailWorkloads(sim: Simulation): void {
  // Workloads often name the same population (every ISP of a day writes to the same 100,000
  // mailboxes): expand each list once and share the array (generators only read it).
  const expanded = new Map<string, string[]>();
  const population = (list: readonly string[]): string[] => {
    const key = list.join("\n");
    let out = expanded.get(key);
    if (out === undefined) expanded.set(key, (out = expandRanges(list)));
    return out;
  };
  sim.scenario.traffic.forEach((t, i) => {
    if (!isMailWorkload(t)) return;
    const base = `traffic/${i}/${t.kind}`;
    const name = `u${i}`;
    const streams = { arrivals: sim.rng.stream(`${base}/arrivals`), sizes: sim.rng.stream(`${base}/sizes`), people: sim.rng.stream(`${base}/people`) };
    const when = { count: t.count ?? Infinity, rate: t.rate };
    if (t.kind === "spam" || t.kind === "bomb") {
      const env = { kernel: sim.kernel, net: sim.net, bus: sim.bus, listeners: sim.smtp ?? fail(i, "no SMTP listeners"), ledger: sim.ledger };
      const spec: SpamSpec = t.kind === "spam"
        ? { name, client: t.from, server: t.relay, port: 25, helo: `${t.from}.spam.example`, senders: addressesAtEach("x", 1000, t.forgedDomains),
            to: addressesAtEach("user", t.addressSpace, t.targetDomains), recipients: t.recipients, ...when, start: t.start ?? 0,
            stop: t.stop ?? Infinity, size: dist(t.size ?? { kind: "constant", value: 3000 }) }
        : bombCampaign({ name, client: t.from, server: t.server, sender: t.sender, victim: t.victim, count: t.count, rate: t.rate, start: t.at ?? 0, size: dist(t.size) });
      startSpam(env, spec, streams);
      return;
    }
    const mta = sim.mtas.get(t.from) ?? fail(i, `${t.from} runs no MTA`);
    const host = mta.cfg.hostname;
    let spec: UsersSpec;
    if (t.kind === "users") {
      spec = {
        name, senders: population(t.senders), to: population(t.to), recipients: t.recipients, ...when, start: t.start ?? 0, stop: t.stop ?? Infinity,
        diurnal: diurnal(t.diurnal), size: dist(t.size), host, externalTo: t.externalTo && population(t.externalTo), externalShare: t.externalShare,
        attachment: t.attachments === undefined ? undefined : { share: t.attachments.share, size: dist(t.attachments.size) },
      };
    } else if (t.kind === "list") {
      const l = listTraffic({ name, list: t.list, subscribers: t.subscribers, domains: t.domains, ...when, start: t.start ?? 0,
        stop: t.stop ?? Infinity, diurnal: diurnal(t.diurnal), size: dist(t.size), host });
      teachList(mta, makeExpander({ domain: l.domain, aliases: {}, lists: [l.list] }), expansionNames({ domain: l.domain, aliases: {}, lists: [l.list] }));
      spec = l.posts;
    } else {
      spec = mobileAsUsers({ name, domain: t.domain, subscribers: t.subscribers, to: t.to, ...when, start: t.start ?? 0,
        stop: t.stop ?? Infinity, diurnal: diurnal(t.diurnal), size: dist(t.size ?? { kind: "lognormal", median: 400, sigma: 0.6 }), host });
    }
    const handOver = submitterFor(sim, t.kind === "users" ? t.submit : undefined, mta); // local, or over SMTP from a client (defence-section.ts)
    startUsers(sim.kernel, spec, {
      ...streams,
      mix: spec.externalTo !== undefined ? sim.rng.stream(`${base}/mix`) : undefined,
      attachments: spec.attachment !== undefined ? sim.rng.stream(`${base}/attachments`) : undefined,
    }, (m) => {
      if (sim.bus.on) sim.bus.emit({ t: sim.kernel.now, type: "traffic.injected", host: t.from, workload: `${i}/${t.kind}`, message: m.id,
        mailFrom: m.envelope.mailFrom, rcpts: [...m.envelope.rcptTo], bytes: messageBytes(m) });
      handOver(m);
    });
  });
}

/** Add a list to an MTA, keeping whatever aliases and lists it already expands. */
function teachList(mta: Mta, expander: Expander, names: readonly string[]): void {
  const before = mta.expand;
  mta.expand = before === undefined ? expander : (user, m) => expander(user, m) ?? before(user, m);
  for (const n of names) mta.mailboxes.expands.add(n);
}

function fail(i: number, why: string): never {
  throw new Error(`traffic[${i}]: ${why}`);
}
